namespace OpsCenter.Domain.Alerts.Routing;

/// <summary>
/// One alert as the router needs it, read from the log: what it is, where, when it fired and (if so)
/// was acknowledged or resolved, and who has been notified at each tier already (tier number to
/// usernames), so a rota or people edited since still reach everyone who heard of the alert.
/// </summary>
public sealed record RoutedAlert(
    string Key,
    string RuleId,
    AlertRuleKind Kind,
    AlertSeverity Severity,
    IReadOnlyList<string> Units,
    DateTimeOffset FiredAt,
    DateTimeOffset? AcknowledgedAt = null,
    DateTimeOffset? ResolvedAt = null,
    IReadOnlyDictionary<int, IReadOnlyList<string>>? Notified = null);

/// <summary>A person who may be notified, as the store knows them.</summary>
/// <param name="Role">A <see cref="People.Roles"/> value.</param>
/// <param name="Unit">The person's unit (department people; an admin of one unit if the store says so).</param>
/// <param name="Channels">Where the person can be reached ("email", ...); none: the person cannot be notified.</param>
public sealed record RoutingPerson(string Username, string Role, string? Unit, bool Disabled, IReadOnlyList<string> Channels);

/// <summary>
/// A message to send about one alert. <see cref="MessageKind"/> is stable, so (alert key, recipient,
/// kind) is the outbox's idempotency key: planning twice enqueues once.
/// </summary>
/// <param name="NominalAt">When the message was meant to go (the tier's time, the reminder's time, the resolution).</param>
/// <param name="DueAt">When it goes: <see cref="NominalAt"/>, or the end of the recipient's quiet hours.</param>
/// <param name="Target">The tier's target that reached the recipient ("team:ops"), or "notified" for reminders and the resolved message.</param>
/// <param name="Reason">Why, in words for logs and the admin page.</param>
/// <param name="DownFor">Reminders: how long the alert has been firing at <see cref="NominalAt"/> ("still down for 2 h").</param>
public sealed record PlannedNotification(
    string AlertKey,
    string Recipient,
    string MessageKind,
    DateTimeOffset NominalAt,
    DateTimeOffset DueAt,
    string Target,
    string Reason,
    TimeSpan? DownFor = null)
{
    public bool Deferred => DueAt > NominalAt;
}

/// <summary>A target that reached nobody, or a person who cannot be notified: the caller may fall back (e.g. to the operators).</summary>
/// <param name="Recipient">The person skipped; null when the target named nobody (a team with nobody on call, a unit without people).</param>
public sealed record SkippedTarget(string MessageKind, string Target, string? Recipient, string Reason);

/// <summary>
/// The router's answer for one alert at one instant. <see cref="Due"/>: send now (enqueue; the
/// outbox key de-duplicates). <see cref="Scheduled"/>: what will be due later if nothing changes
/// (deferred messages, later tiers, the next reminder): the caller wakes at <see cref="NextAt"/> and
/// plans again rather than enqueueing these, so an acknowledgement in between stops them.
/// </summary>
public sealed record RoutingPlan(
    string PolicyId,
    IReadOnlyList<PlannedNotification> Due,
    IReadOnlyList<PlannedNotification> Scheduled,
    IReadOnlyList<SkippedTarget> Skipped)
{
    public DateTimeOffset? NextAt => Scheduled.Count == 0 ? null : Scheduled.Min(n => n.DueAt);
}

/// <summary>A shift change: the incoming person is told which of the team's alerts are open and unacknowledged.</summary>
/// <param name="MessageKind"><c>handover:&lt;team&gt;:&lt;shift start, ISO 8601 in the team's offset&gt;</c>.</param>
public sealed record HandoverNotification(
    string TeamId,
    DateTimeOffset ShiftStart,
    string Recipient,
    string MessageKind,
    DateTimeOffset DueAt,
    IReadOnlyList<string> AlertKeys);
