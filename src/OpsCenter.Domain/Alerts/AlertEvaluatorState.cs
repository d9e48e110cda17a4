using System.Collections.Immutable;

namespace OpsCenter.Domain.Alerts;

/// <summary>One rule's condition for one cause in one unit ("" for OpsCenter itself).</summary>
public readonly record struct ConditionKey(string RuleId, string Cause, string Unit);

/// <summary>Alerts group by rule and cause: the same system down in 12 wards is one alert.</summary>
public readonly record struct AlertGroupKey(string RuleId, string Cause);

/// <summary>
/// A condition being watched: holding since <see cref="HoldingSince"/>, and, for a unit of a firing
/// alert whose condition has gone away, clear since <see cref="ClearSince"/> (hysteresis).
/// </summary>
public sealed record ConditionTrack(DateTimeOffset HoldingSince, DateTimeOffset? ClearSince = null);

/// <summary>A firing alert, as the evaluator (and the log's firing events) know it.</summary>
public sealed record ActiveAlert(string Key, string RuleId, string Cause, DateTimeOffset Onset, ImmutableSortedSet<string> Units);

/// <summary>
/// Everything an <see cref="AlertEvaluator"/> carries from one tick to the next. Immutable: a tick
/// returns a new state, so the caller owns it explicitly and a failed tick changes nothing.
/// </summary>
public sealed record AlertEvaluatorState(
    ImmutableDictionary<ConditionKey, ConditionTrack> Conditions,
    ImmutableDictionary<AlertGroupKey, ActiveAlert> Alerts,
    ImmutableDictionary<string, ImmutableList<UnitFigures>> FigureHistory)
{
    public static readonly AlertEvaluatorState Empty = new(
        ImmutableDictionary<ConditionKey, ConditionTrack>.Empty,
        ImmutableDictionary<AlertGroupKey, ActiveAlert>.Empty,
        ImmutableDictionary<string, ImmutableList<UnitFigures>>.Empty);

    /// <summary>
    /// A state that knows the alerts already firing (read back from the log's fired events that
    /// have no resolution). A restarted evaluator resumes from it, so conditions still true join
    /// their alert instead of firing a second one with a new onset.
    /// </summary>
    public static AlertEvaluatorState Resume(IEnumerable<ActiveAlert> firing) =>
        Empty with { Alerts = firing.ToImmutableDictionary(a => new AlertGroupKey(a.RuleId, a.Cause)) };
}

/// <summary>One tick's result: the state to pass next time and what changed.</summary>
public sealed record AlertEvaluation(AlertEvaluatorState State, IReadOnlyList<AlertTransition> Transitions);
