using OpsCenter.Domain.Health;

namespace OpsCenter.Collector.Pull;

/// <summary>
/// The last check of a polled source since the collector started, as recorded in its health sample:
/// the URL checked, the status, the reason (why it failed, or why it was not checked), when, and, for a
/// refused target, what was refused and why (for Admin › Sources to explain in the reader's language).
/// </summary>
public sealed record PollOutcome(string Url, HealthStatus Status, string? Reason, DateTimeOffset At, int? LatencyMs, PollRefusal? Refused);
