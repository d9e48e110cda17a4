using OpsCenter.Domain.Alerts;
using OpsCenter.Domain.Calendar;

namespace OpsCenter.Domain.Tests.Alerts;

/// <summary>Runs an evaluator tick by tick over fixed Ho Chi Minh City instants; no clock is read.</summary>
internal static class AlertScenario
{
    /// <summary>2026-03-10 08:00 in Ho Chi Minh City.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 3, 10, 8, 0, 0, VietnamTime.Offset);

    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(10);

    public static DateTimeOffset At(double minutes) => T0 + TimeSpan.FromMinutes(minutes);

    public static List<AlertTransition> Run(
        AlertEvaluator evaluator,
        IReadOnlyList<AlertRule> rules,
        Func<DateTimeOffset, AlertObservations> observe,
        DateTimeOffset from,
        DateTimeOffset to,
        IReadOnlyList<MaintenanceWindow>? maintenance = null,
        AlertEvaluatorState? state = null) =>
        RunWithState(evaluator, rules, observe, from, to, maintenance, state).Transitions;

    public static (List<AlertTransition> Transitions, AlertEvaluatorState State) RunWithState(
        AlertEvaluator evaluator,
        IReadOnlyList<AlertRule> rules,
        Func<DateTimeOffset, AlertObservations> observe,
        DateTimeOffset from,
        DateTimeOffset to,
        IReadOnlyList<MaintenanceWindow>? maintenance = null,
        AlertEvaluatorState? state = null)
    {
        var current = state ?? AlertEvaluatorState.Empty;
        var all = new List<AlertTransition>();
        for (var now = from; now <= to; now += Tick)
        {
            var result = evaluator.Evaluate(rules, observe(now), maintenance ?? [], now, current);
            current = result.State;
            all.AddRange(result.Transitions);
        }
        return (all, current);
    }

    /// <summary>A comparable line per transition (records holding lists compare lists by reference).</summary>
    public static string Describe(AlertTransition t) => t switch
    {
        AlertFired f => $"fired {f.AlertKey} {f.At:O} [{string.Join(',', f.Units)}] {f.Onset:O} {f.Severity} {f.Text} / {f.TextEn}",
        AlertUpdated u => $"updated {u.AlertKey} {u.At:O} [{string.Join(',', u.Units)}]",
        AlertResolved r => $"resolved {r.AlertKey} {r.At:O} {r.Reason}",
        _ => t.ToString(),
    };

    public static AlertObservations Systems(params SystemObservation[] systems) => AlertObservations.None with { Systems = systems };

    public static AlertRule Rule(AlertRuleKind kind, int hold = 2, int clear = 3) =>
        new($"r-{kind.ToString().ToLowerInvariant()}", "Quy tắc", "Rule", kind, AlertSeverity.Warning, AlertScope.AllUnits, hold, clear);
}
