namespace OpsCenter.Contracts.Alerts;

/// <summary>
/// What the aggregator's evaluator sends to <c>POST /api/admin/v1/alerts/transitions</c> (with a key
/// of the collector's <c>alert-writer</c> role). Exactly one of the three parts is set per entry; the
/// collector stores each entry once (by alert key, kind and, for updates, the unit list), in order.
/// </summary>
public sealed record AlertTransitionBatch(IReadOnlyList<AlertTransitionEntry> Transitions);

public sealed record AlertTransitionEntry(AlertFiredEvent? Fired = null, AlertUpdatedEvent? Updated = null, AlertResolvedEvent? Resolved = null);

/// <summary>The collector's answer: how many entries were new, how many had been stored before.</summary>
public sealed record AlertTransitionAck(int Stored, int Replayed);

/// <summary>Body of <c>POST /api/admin/v1/alerts/{key}/acknowledge</c> and <c>/resolve</c>.</summary>
public sealed record AlertActionRequest(string? Note = null);

/// <summary>
/// The answer to an alert action (<c>POST /api/admin/v1/alerts/{key}/acknowledge</c>, <c>/assign</c>,
/// <c>/notes</c>, <c>/resolve</c>, <c>/acknowledge-link</c>): the alert as the collector now holds it.
/// The full view with rule names and timeline is the aggregator's <see cref="AlertView"/>.
/// </summary>
public sealed record AlertActionResult(
    string Key,
    string RuleId,
    string Cause,
    IReadOnlyList<string> Units,
    string Severity,
    string Text,
    string TextEn,
    string State,
    DateTimeOffset Onset,
    DateTimeOffset FiredAt,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    string? Assignee,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy);

/// <summary>Body of <c>POST /api/admin/v1/alerts/{key}/assign</c>.</summary>
public sealed record AlertAssignRequest(string? Assignee);

/// <summary>Body of <c>POST /api/admin/v1/alerts/{key}/notes</c>.</summary>
public sealed record AlertNoteRequest(string? Note);

/// <summary>
/// Body of <c>POST /api/admin/v1/alerts/acknowledge-link</c>: the Wall's confirmation page posts the
/// signed token from an e-mail; the collector checks it, and acknowledges as the token's recipient.
/// </summary>
public sealed record AlertLinkRequest(string? Token);

/// <summary>The states an alert moves through.</summary>
public static class AlertStates
{
    public const string Firing = "firing";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
}

/// <summary>One entry of an alert's timeline: fired, units changed, acknowledged, assigned, note, resolved.</summary>
/// <param name="Kind">The event kind without the <c>alert.</c> prefix: fired, updated, acknowledged, assigned, noted, resolved.</param>
/// <param name="Text">Free text: the note, the assignee, the unit list, the reason.</param>
public sealed record AlertTimelineEntry(DateTimeOffset At, string Kind, string? By, string? Text);

/// <summary>An alert as the walls, the console and the briefing see it (a scoped reader sees only its own units in <see cref="Units"/>).</summary>
public sealed record AlertView(
    string Key,
    string RuleId,
    string RuleName,
    string RuleNameEn,
    string Cause,
    AlertLevel Severity,
    string State,
    IReadOnlyList<string> Units,
    string Text,
    string TextEn,
    DateTimeOffset Onset,
    DateTimeOffset FiredAt,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    string? Assignee,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy,
    string? ResolvedReason,
    long Position,
    IReadOnlyList<AlertTimelineEntry>? Timeline = null);

/// <summary>
/// <c>GET /api/query/v1/alerts</c>: alerts as of a log position. <see cref="Open"/> counts firing and
/// acknowledged; <see cref="Unacknowledged"/> counts firing only.
/// </summary>
public sealed record AlertList(long Position, DateTimeOffset ServerTime, int Open, int Unacknowledged, IReadOnlyList<AlertView> Alerts);

/// <summary>
/// <c>GET /api/query/v1/alerts/report?unit=&amp;week=</c>: one unit's alerts of one ISO week (Monday 00:00 in
/// Asia/Ho_Chi_Minh to the next). Times are in seconds; null when no alert was acknowledged / resolved.
/// </summary>
public sealed record AlertWeeklyReport(
    string Unit,
    string Week,
    DateTimeOffset From,
    DateTimeOffset To,
    int Fired,
    int Acknowledged,
    int Resolved,
    double? MedianSecondsToAcknowledge,
    double? MedianSecondsToResolve,
    double? MaxSecondsToAcknowledge,
    IReadOnlyList<AlertView> Alerts);
