namespace OpsCenter.Collector.Alerts.Channels;

/// <summary>
/// One way of reaching people beyond e-mail (a webhook, Zalo, SMS). A channel is self-contained:
/// it renders, sends and judges the answer; the outbox decides when to call it again.
/// </summary>
public interface INotificationChannel
{
    /// <summary>The configured channel's id (<c>ops-webhook</c>, <c>zns</c>, ...).</summary>
    string Id { get; }

    /// <summary><see cref="ChannelKinds.Webhook"/> or <see cref="ChannelKinds.Http"/>.</summary>
    string Kind { get; }

    /// <summary>On, or off and why (no access token, ...). An off channel sends nothing.</summary>
    ChannelState State { get; }

    Task<SendResult> SendAsync(NotificationMessage message, ChannelRecipient recipient, CancellationToken cancellationToken);
}

public static class ChannelKinds
{
    public const string Webhook = "webhook";
    public const string Http = "http";
}

/// <summary>Whether a channel can send; <see cref="Reason"/> says why it cannot.</summary>
public sealed record ChannelState(bool On, string? Reason)
{
    public static ChannelState Ready { get; } = new(true, null);

    public static ChannelState Off(string reason) => new(false, reason);
}

/// <summary>
/// What to say: one alert's notification of one kind (<c>fired</c>, <c>resolved</c>, <c>reminder-1</c>,
/// <c>given-up</c>, ...). <see cref="DeliveryId"/> is the same on every attempt of one notification (the
/// outbox row's id), so receivers can drop a second delivery.
/// </summary>
public sealed record NotificationMessage(
    string DeliveryId,
    string AlertKey,
    string Kind,
    string Severity,
    string Subject,
    string Text,
    string TextEn,
    string? Link,
    IReadOnlyList<string> Units,
    DateTimeOffset OccurredAt);

/// <summary>Who to reach, with an address per channel: e-mail, a phone for SMS and ZNS, a Zalo user id for OA messages.</summary>
public sealed record ChannelRecipient(string Username, string? Email = null, string? Phone = null, string? ZaloUserId = null);

public enum SendOutcome
{
    Sent,

    /// <summary>May work later (5xx, 429, timeouts, connection failures): the outbox tries again.</summary>
    Transient,

    /// <summary>Will not work as configured (refused target, bad credentials, provider refusal, channel off).</summary>
    Permanent,
}

/// <summary>How one send ended; <see cref="Attempts"/>: HTTP requests made (retries within the channel included).</summary>
public sealed record SendResult(SendOutcome Outcome, string? Reason = null, int Attempts = 1)
{
    public bool IsSent => Outcome == SendOutcome.Sent;

    public static SendResult Sent(int attempts = 1) => new(SendOutcome.Sent, null, attempts);

    public static SendResult Transient(string reason, int attempts = 1) => new(SendOutcome.Transient, reason, attempts);

    public static SendResult Permanent(string reason, int attempts = 1) => new(SendOutcome.Permanent, reason, attempts);
}
