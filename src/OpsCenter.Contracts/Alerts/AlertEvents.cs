namespace OpsCenter.Contracts.Alerts;

/// <summary>
/// The kinds of the alert events in the log. The aggregator's evaluator asks the collector to write
/// fired / updated / resolved (source <see cref="EvaluatorSource"/>); people's actions arrive
/// through the collector's admin API (source <c>(admin)</c>). Every alert event's log unit is the
/// city's code: the alert's own units are in the payload.
/// </summary>
public static class AlertKinds
{
    public const string Fired = "alert.fired";
    public const string Updated = "alert.updated";
    public const string Resolved = "alert.resolved";
    public const string Acknowledged = "alert.acknowledged";
    public const string Assigned = "alert.assigned";
    public const string Noted = "alert.noted";

    /// <summary>The source name evaluator transitions are written under (source ids cannot contain parentheses).</summary>
    public const string EvaluatorSource = "(alerts)";

    public static bool IsAlert(string kind) => kind.StartsWith("alert.", StringComparison.Ordinal);
}

/// <summary>How loudly an alert asks for attention (mirrors the domain's AlertSeverity).</summary>
public enum AlertLevel
{
    Info,
    Warning,
    Critical,
}

/// <summary>
/// <c>alert.fired</c>: an alert starts firing. <paramref name="Key"/> is
/// <c>{ruleId}|{cause}|{onset bucket}</c>; the collector stores one fired event per key.
/// </summary>
public sealed record AlertFiredEvent(
    string Key,
    string RuleId,
    string RuleName,
    string RuleNameEn,
    string Cause,
    IReadOnlyList<string> Units,
    DateTimeOffset Onset,
    DateTimeOffset At,
    AlertLevel Severity,
    string Text,
    string TextEn);

/// <summary><c>alert.updated</c>: the firing alert's units changed (joined after their hold, left after their clear time).</summary>
public sealed record AlertUpdatedEvent(string Key, IReadOnlyList<string> Units, DateTimeOffset At);

/// <summary>
/// <c>alert.resolved</c>: by itself (<paramref name="By"/> null, reason <c>cleared</c> or <c>ruleRemoved</c>)
/// or by a person (<paramref name="By"/> the actor, reason <c>manual</c>, with an optional note).
/// </summary>
public sealed record AlertResolvedEvent(string Key, string Reason, DateTimeOffset At, string? By = null, string? Note = null)
{
    public const string ReasonCleared = "cleared";
    public const string ReasonRuleRemoved = "ruleRemoved";
    public const string ReasonManual = "manual";
}

/// <summary><c>alert.acknowledged</c>: a person has seen it and is on it. <paramref name="Via"/>: <c>console</c> or <c>email</c>.</summary>
public sealed record AlertAcknowledgedEvent(string Key, string By, DateTimeOffset At, string Via, string? Note = null)
{
    public const string ViaConsole = "console";
    public const string ViaEmail = "email";
}

/// <summary><c>alert.assigned</c>: who is to deal with it (a username from the people list).</summary>
public sealed record AlertAssignedEvent(string Key, string By, string Assignee, DateTimeOffset At);

/// <summary><c>alert.noted</c>: a note on the timeline.</summary>
public sealed record AlertNotedEvent(string Key, string By, string Note, DateTimeOffset At);
