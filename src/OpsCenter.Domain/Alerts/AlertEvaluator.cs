using System.Collections.Immutable;
using System.Globalization;

namespace OpsCenter.Domain.Alerts;

/// <summary>
/// Turns rules and one tick's observations into alert transitions. Pure: no clock, no I/O; the
/// instant is a parameter and the state goes in and comes out, so tests and replicas run it alike.
/// </summary>
/// <remarks>
/// <para><b>Hold.</b> A unit's condition must hold continuously for the rule's hold time before the
/// unit is ready. Its start is when the observation says it began (a system's state change, a
/// source crossing the silent age) or, when only "now" is known, the first tick that saw it.</para>
/// <para><b>Grouping.</b> Conditions of one rule with one cause (the system, the source, the
/// incident, the figure) form one alert across units. When a group's first unit is ready the
/// alert waits the grouping wait (default 30 s) so units that began at about the same time fire
/// with it: it fires at first start + hold + wait, listing every unit ready by then. Units ready
/// later join with <see cref="AlertUpdated"/>; units clear for the clear time leave with
/// <see cref="AlertUpdated"/>; when the last one leaves, <see cref="AlertResolved"/>.</para>
/// <para><b>Hysteresis.</b> A firing unit whose condition goes away stays listed until it has
/// been clear for the rule's clear time; if the condition returns first it never left. A
/// condition that flaps faster than the hold time never becomes ready (hold restarts on every
/// clear), and one that flaps while firing never resolves, so flapping fires at most once.</para>
/// <para><b>Maintenance.</b> A condition covered by an open window does not count: a waiting
/// condition forgets its start, a firing unit counts as clear. After the window its hold
/// RESTARTS at the window's end (even if the observation says it began earlier), so planned work
/// that overruns gets the full hold time before anyone is told.</para>
/// <para><b>Live time only.</b> Before <see cref="AlertEvaluatorOptions.LiveFrom"/> the evaluator
/// only records figures (the rising and dropping kinds need their look-back) and returns no
/// transitions, so replaying or backfilling history fires nothing. A condition already holding
/// at live-from counts from live-from: it fires at live-from + hold (+ grouping wait) with
/// onset = live-from, never for the history before it.</para>
/// <para><b>Alert key.</b> <c>{ruleId}|{cause}|{bucket}</c>, where bucket is the group's onset (its
/// earliest ready unit's start) rounded down to a multiple of the grouping wait since the Unix
/// epoch, in UTC (<c>yyyyMMddTHHmmssZ</c>). It depends only on the rule, the observations and
/// live-from, so two evaluators fed the same observations make the same key and the store keeps
/// one alert; a restarted one resumes with <see cref="AlertEvaluatorState.Resume"/> and joins
/// the alerts already firing instead of making new keys.</para>
/// <para><b>Sampling.</b> The evaluator sees the world only at its ticks: a condition that clears
/// and returns between two ticks keeps its start. Tick at least as often as the shortest hold or
/// clear time you care about (the aggregator's timer queue, every few seconds).</para>
/// </remarks>
public sealed class AlertEvaluator(AlertEvaluatorOptions options)
{
    public AlertEvaluatorOptions Options { get; } = options;

    public AlertEvaluation Evaluate(
        IReadOnlyList<AlertRule> rules,
        AlertObservations observations,
        IReadOnlyList<MaintenanceWindow> maintenance,
        DateTimeOffset now,
        AlertEvaluatorState state)
    {
        var enabled = rules.Where(r => r.Enabled).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var history = Record(state.FigureHistory, observations.Figures, enabled.Values, now);
        if (now < Options.LiveFrom)
        {
            return new(state with { FigureHistory = history }, []);
        }
        var transitions = new List<AlertTransition>();
        var alerts = state.Alerts;
        var conditions = state.Conditions;

        foreach (var (group, alert) in alerts.OrderBy(a => a.Key.RuleId, StringComparer.Ordinal).ThenBy(a => a.Key.Cause, StringComparer.Ordinal))
        {
            if (!enabled.ContainsKey(group.RuleId))
            {
                transitions.Add(new AlertResolved(alert.Key, now, AlertResolved.ReasonRuleRemoved));
                alerts = alerts.Remove(group);
            }
        }
        conditions = conditions.RemoveRange(conditions.Keys.Where(k => !enabled.ContainsKey(k.RuleId)));

        var next = Track(enabled.Values, observations, maintenance, now, history, conditions, alerts);
        var byGroup = next.ToLookup(c => new AlertGroupKey(c.Key.RuleId, c.Key.Cause));
        foreach (var group in byGroup.Select(g => g.Key).Concat(alerts.Keys).Distinct()
            .OrderBy(g => g.RuleId, StringComparer.Ordinal).ThenBy(g => g.Cause, StringComparer.Ordinal).ToList())
        {
            var rule = enabled[group.RuleId];
            var members = byGroup[group].ToList();
            if (alerts.TryGetValue(group, out var alert))
            {
                (alerts, next) = Continue(rule, alert, members, now, alerts, next, transitions);
            }
            else if (TryFire(rule, group, members, now) is { } fired)
            {
                transitions.Add(fired.Transition);
                alerts = alerts.SetItem(group, fired.Alert);
            }
        }
        return new(new(next, alerts, history), transitions);
    }

    /// <summary>The alert key for a group: see the remarks of <see cref="AlertEvaluator"/>.</summary>
    public static string AlertKey(string ruleId, string cause, DateTimeOffset onset, TimeSpan groupWait)
    {
        var ticks = onset.UtcTicks;
        var bucket = groupWait > TimeSpan.Zero ? ticks - (ticks % groupWait.Ticks) : ticks;
        var at = new DateTimeOffset(bucket, TimeSpan.Zero);
        return $"{ruleId}|{cause}|{at.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// The conditions to carry forward: the ones true and not suppressed now (keeping their
    /// start), plus firing units whose condition went away (clear since now, or since before).
    /// </summary>
    private ImmutableDictionary<ConditionKey, ConditionTrack> Track(
        IEnumerable<AlertRule> rules,
        AlertObservations observations,
        IReadOnlyList<MaintenanceWindow> maintenance,
        DateTimeOffset now,
        ImmutableDictionary<string, ImmutableList<UnitFigures>> history,
        ImmutableDictionary<ConditionKey, ConditionTrack> previous,
        ImmutableDictionary<AlertGroupKey, ActiveAlert> alerts)
    {
        var next = ImmutableDictionary.CreateBuilder<ConditionKey, ConditionTrack>();
        foreach (var rule in rules)
        {
            foreach (var condition in AlertConditions.Find(rule, observations, history, now, Options.EffectiveFreshness))
            {
                if (maintenance.Any(w => w.Covers(condition.Unit, condition.System, now)))
                {
                    continue;
                }
                var key = new ConditionKey(rule.Id, condition.Cause, condition.Unit);
                next[key] = new ConditionTrack(previous.GetValueOrDefault(key)?.HoldingSince ?? Start(condition, maintenance, now));
            }
        }
        foreach (var alert in alerts.Values)
        {
            foreach (var unit in alert.Units)
            {
                var key = new ConditionKey(alert.RuleId, alert.Cause, unit);
                if (!next.ContainsKey(key))
                {
                    var old = previous.GetValueOrDefault(key);
                    next[key] = new ConditionTrack(old?.HoldingSince ?? alert.Onset, old?.ClearSince ?? now);
                }
            }
        }
        return next.ToImmutable();
    }

    /// <summary>When a newly seen condition starts counting: not before live-from, nor before a maintenance window that covered it ended.</summary>
    private DateTimeOffset Start(AlertCondition condition, IReadOnlyList<MaintenanceWindow> maintenance, DateTimeOffset now)
    {
        var start = condition.Since is { } since && since < now ? since : now;
        if (start < Options.LiveFrom)
        {
            start = Options.LiveFrom;
        }
        foreach (var window in maintenance)
        {
            if (window.To > start && window.To <= now && window.Applies(condition.Unit, condition.System))
            {
                start = window.To;
            }
        }
        return start;
    }

    private (AlertFired Transition, ActiveAlert Alert)? TryFire(AlertRule rule, AlertGroupKey group, List<KeyValuePair<ConditionKey, ConditionTrack>> members, DateTimeOffset now)
    {
        var ready = members.Where(m => m.Value.ClearSince is null && now - m.Value.HoldingSince >= rule.Hold).ToList();
        if (ready.Count == 0)
        {
            return null;
        }
        var onset = ready.Min(m => m.Value.HoldingSince);
        if (now < onset + rule.Hold + Options.EffectiveGroupWait)
        {
            return null;
        }
        var units = ready.Select(m => m.Key.Unit).ToImmutableSortedSet(StringComparer.Ordinal);
        var key = AlertKey(rule.Id, group.Cause, onset, Options.EffectiveGroupWait);
        var (vi, en) = AlertText.Describe(rule, group.Cause, Listed(units).Count);
        var fired = new AlertFired(key, now, rule.Id, group.Cause, Listed(units), onset, rule.Severity, vi, en);
        return (fired, new ActiveAlert(key, rule.Id, group.Cause, onset, units));
    }

    /// <summary>Adds units that became ready, removes units clear for the clear time, resolves when none is left.</summary>
    private static (ImmutableDictionary<AlertGroupKey, ActiveAlert>, ImmutableDictionary<ConditionKey, ConditionTrack>) Continue(
        AlertRule rule,
        ActiveAlert alert,
        List<KeyValuePair<ConditionKey, ConditionTrack>> members,
        DateTimeOffset now,
        ImmutableDictionary<AlertGroupKey, ActiveAlert> alerts,
        ImmutableDictionary<ConditionKey, ConditionTrack> conditions,
        List<AlertTransition> transitions)
    {
        var units = alert.Units;
        foreach (var (key, track) in members)
        {
            if (track.ClearSince is { } clear && now - clear >= rule.Clear)
            {
                units = units.Remove(key.Unit);
                conditions = conditions.Remove(key);
            }
            else if (track.ClearSince is null && now - track.HoldingSince >= rule.Hold)
            {
                units = units.Add(key.Unit);
            }
        }
        var group = new AlertGroupKey(alert.RuleId, alert.Cause);
        if (units.IsEmpty)
        {
            transitions.Add(new AlertResolved(alert.Key, now, AlertResolved.ReasonCleared));
            return (alerts.Remove(group), conditions);
        }
        if (!units.SetEquals(alert.Units))
        {
            transitions.Add(new AlertUpdated(alert.Key, now, Listed(units)));
            return (alerts.SetItem(group, alert with { Units = units }), conditions);
        }
        return (alerts, conditions);
    }

    /// <summary>The units shown: OpsCenter's own components belong to no unit.</summary>
    private static IReadOnlyList<string> Listed(ImmutableSortedSet<string> units) =>
        [.. units.Where(u => u.Length > 0)];

    /// <summary>Keeps each unit's figures for the longest look-back any rule needs.</summary>
    private static ImmutableDictionary<string, ImmutableList<UnitFigures>> Record(
        ImmutableDictionary<string, ImmutableList<UnitFigures>> history,
        IEnumerable<UnitFigures> figures,
        IEnumerable<AlertRule> rules,
        DateTimeOffset now)
    {
        var keep = rules.Where(r => r.Kind is AlertRuleKind.LateDossiersRising or AlertRuleKind.Index766Drop)
            .Select(r => r.Period).DefaultIfEmpty(TimeSpan.Zero).Max();
        var builder = history.ToBuilder();
        foreach (var f in figures)
        {
            var samples = builder.GetValueOrDefault(f.Unit, []);
            if (samples.Count == 0 || samples[^1].At < f.At)
            {
                builder[f.Unit] = samples.Add(f);
            }
        }
        foreach (var (unit, samples) in builder.ToList())
        {
            var trimmed = samples.RemoveAll(s => s.At < now - keep && s != samples[^1]);
            builder[unit] = trimmed;
        }
        return builder.ToImmutable();
    }
}
