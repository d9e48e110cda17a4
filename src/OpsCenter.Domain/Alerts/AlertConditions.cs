using System.Collections.Immutable;
using OpsCenter.Domain.Health;

namespace OpsCenter.Domain.Alerts;

/// <summary>
/// A rule's condition true in one unit at one tick. <see cref="Since"/> is when the observation
/// says it began (a system's state change, a source turning silent), null when only "now" is known.
/// <see cref="System"/> is what maintenance windows match besides the unit.
/// </summary>
public sealed record AlertCondition(string Unit, string Cause, string? System, DateTimeOffset? Since);

/// <summary>Which conditions of a rule are true in the observations of one tick.</summary>
public static class AlertConditions
{
    /// <summary>Cause of the figure kinds: one per kind, so a midnight turn of many wards is one alert.</summary>
    public const string LateDossiersCause = "lateDossiers";
    public const string OnTimeRateCause = "onTimeRate";
    public const string Index766Cause = "index766";

    /// <summary>The unit of OpsCenter's own components, which belong to no ward.</summary>
    public const string CenterUnit = "";

    public static IEnumerable<AlertCondition> Find(
        AlertRule rule,
        AlertObservations observations,
        ImmutableDictionary<string, ImmutableList<UnitFigures>> history,
        DateTimeOffset now,
        FreshnessPolicy freshness) => rule.Kind switch
        {
            AlertRuleKind.SystemDown => SystemDown(rule, observations.Systems),
            AlertRuleKind.SourceSilent => SourceSilent(rule, observations.Sources, now, freshness),
            AlertRuleKind.LateDossiersAbove => Figures(rule, observations.Figures, LateDossiersCause,
                f => f.LateInProgress > rule.Threshold),
            AlertRuleKind.LateDossiersRising => Figures(rule, observations.Figures, LateDossiersCause,
                f => Window(history, f, rule.Period).Min(p => p.LateInProgress) is { } low && f.LateInProgress - low >= rule.Threshold),
            AlertRuleKind.OnTimeRateBelow => Figures(rule, observations.Figures, OnTimeRateCause,
                f => f.OnTimeRate < rule.Threshold),
            AlertRuleKind.Index766Drop => Figures(rule, observations.Figures, Index766Cause,
                f => Window(history, f, rule.Period).Max(p => p.Index766) is { } high && high - f.Index766 >= rule.Threshold),
            AlertRuleKind.IncidentSeverity => observations.Incidents
                .Where(i => rule.Scope.Covers(i.Unit) && i.Status == IncidentStatus.Open && i.Severity >= rule.Threshold)
                .Select(i => new AlertCondition(i.Unit, i.IncidentId, null, i.Since)),
            AlertRuleKind.OpsCenterHealth => observations.Components
                .Where(c => !c.Healthy && string.Equals(c.Name, rule.Component, StringComparison.Ordinal))
                .Select(c => new AlertCondition(CenterUnit, c.Name, c.Name, c.Since)),
            _ => [],
        };

    private static IEnumerable<AlertCondition> SystemDown(AlertRule rule, IEnumerable<SystemObservation> systems) =>
        systems
            .Where(s => rule.Scope.Covers(s.Unit)
                && (rule.System is null || string.Equals(rule.System, s.System, StringComparison.Ordinal))
                && (s.State == SystemState.Down || (rule.IncludeDegraded && s.State == SystemState.Degraded)))
            .Select(s => new AlertCondition(s.Unit, s.System, s.System, s.Since));

    /// <summary>
    /// A source is silent when nothing came from it for the rule's <see cref="AlertRule.PeriodMinutes"/>,
    /// or, without one, as the freshness policy says (at least an hour); its condition began when it crossed that age.
    /// </summary>
    private static IEnumerable<AlertCondition> SourceSilent(AlertRule rule, IEnumerable<SourceObservation> sources, DateTimeOffset now, FreshnessPolicy freshness)
    {
        foreach (var s in sources)
        {
            if (!rule.Scope.Covers(s.Unit) || s.ExpectedInterval <= TimeSpan.Zero
                || (rule.Source is not null && !string.Equals(rule.Source, s.Source, StringComparison.Ordinal)))
            {
                continue;
            }
            if (s.LastSeen is not { } seen)
            {
                yield return new AlertCondition(s.Unit, s.Source, s.Source, null);
            }
            else if (rule.PeriodMinutes is not null)
            {
                if (now - seen >= rule.Period)
                {
                    yield return new AlertCondition(s.Unit, s.Source, s.Source, seen + rule.Period);
                }
            }
            else if (freshness.Classify(now - seen, s.ExpectedInterval) == Freshness.Silent)
            {
                yield return new AlertCondition(s.Unit, s.Source, s.Source, seen + freshness.SilentAfter(s.ExpectedInterval));
            }
        }
    }

    private static IEnumerable<AlertCondition> Figures(AlertRule rule, IEnumerable<UnitFigures> figures, string cause, Func<UnitFigures, bool> holds) =>
        figures.Where(f => rule.Scope.Covers(f.Unit) && holds(f)).Select(f => new AlertCondition(f.Unit, cause, null, null));

    /// <summary>The unit's samples within the rule's period before (and including) the current one.</summary>
    private static IEnumerable<UnitFigures> Window(ImmutableDictionary<string, ImmutableList<UnitFigures>> history, UnitFigures current, TimeSpan period) =>
        history.GetValueOrDefault(current.Unit, []).Where(p => p.At >= current.At - period && p.At <= current.At).Append(current);
}
