namespace OpsCenter.Contracts.Alerts;

/// <summary>
/// <c>GET /api/admin/v1/alerts/mail</c>: whether alert mail goes out, and what did not.
/// </summary>
/// <param name="Server"><c>host:port</c> of the SMTP server; null when there is none.</param>
/// <param name="Unavailable">Why no mail is sent (no server configured, the inbox not installed); null when it is.</param>
/// <param name="HoldsLease">Whether the collector that answered holds the <c>alert-mail</c> lease (and so sends the mail).</param>
/// <param name="LeaseHolder">Who holds the lease now; null when nobody does.</param>
/// <param name="GivenUp">The newest 50 mails given up after their last attempt, most recent first.</param>
public sealed record AlertMailStatus(
    string? Server, string? Unavailable, bool HoldsLease, string? LeaseHolder, AlertMailCounts Counts, IReadOnlyList<AlertMailGivenUp> GivenUp);

/// <summary>The outbox's mail by state: waiting for an attempt, being sent, sent, given up.</summary>
public sealed record AlertMailCounts(long Pending, long Sending, long Sent, long GivenUp);

/// <summary>A mail given up: to whom, for which alert and message kind, after how many attempts, why and when.</summary>
public sealed record AlertMailGivenUp(string AlertKey, string Recipient, string Kind, int Attempts, string? LastError, DateTimeOffset GivenUpAt);
