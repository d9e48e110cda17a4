namespace OpsCenter.Domain.Alerts;

/// <summary>
/// What changed about one alert at one evaluation. These become events in the log; the store
/// de-duplicates them by <see cref="AlertKey"/>, so two evaluators producing the same transition
/// record it once.
/// </summary>
public abstract record AlertTransition(string AlertKey, DateTimeOffset At);

/// <summary>An alert starts firing; <see cref="Onset"/> is when its first unit's condition began to hold.</summary>
public sealed record AlertFired(
    string AlertKey,
    DateTimeOffset At,
    string RuleId,
    string Cause,
    IReadOnlyList<string> Units,
    DateTimeOffset Onset,
    AlertSeverity Severity,
    string Text,
    string TextEn) : AlertTransition(AlertKey, At);

/// <summary>The firing alert's unit list changed: units joined after their hold, or left after their clear time.</summary>
public sealed record AlertUpdated(string AlertKey, DateTimeOffset At, IReadOnlyList<string> Units) : AlertTransition(AlertKey, At);

/// <summary>The alert ended by itself (<see cref="ReasonCleared"/>) or because its rule went away.</summary>
public sealed record AlertResolved(string AlertKey, DateTimeOffset At, string Reason) : AlertTransition(AlertKey, At)
{
    /// <summary>Every unit has been clear for the rule's clear time.</summary>
    public const string ReasonCleared = "cleared";

    /// <summary>The rule was disabled or deleted while the alert fired; nothing would ever clear it.</summary>
    public const string ReasonRuleRemoved = "ruleRemoved";
}
