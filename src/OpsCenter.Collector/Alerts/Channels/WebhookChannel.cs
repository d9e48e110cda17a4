using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpsCenter.Collector.Alerts.Channels;

/// <summary>
/// POSTs a signed JSON document (<see cref="WebhookPayload"/>) to the configured URL. Transient failures
/// (5xx, 408, 429, no answer) are retried with <see cref="ChannelRetry"/>; each attempt carries the same
/// <c>X-OpsCenter-Delivery</c> id so the receiver can drop a second delivery. The target is checked by
/// the health poller's SSRF policy at connect time; redirects are not followed.
/// </summary>
public sealed partial class WebhookChannel(ChannelConfig config, HttpClient http, ChannelRetry retry, TimeProvider time, ILogger<WebhookChannel> logger)
    : INotificationChannel
{
    public const string SecretField = "secret";

    public string Id => config.Id;

    public string Kind => ChannelKinds.Webhook;

    public ChannelState State { get; } = StateOf(config);

    public static ChannelState StateOf(ChannelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!config.Enabled)
        {
            return ChannelState.Off("disabled");
        }
        if (Pull.TargetPolicy.CheckUrl(config.Url ?? "", out _) is not null)
        {
            return ChannelState.Off("no http(s) URL");
        }
        return config.MissingSecret(SecretField) is { } missing ? ChannelState.Off(missing) : ChannelState.Ready;
    }

    public async Task<SendResult> SendAsync(NotificationMessage message, ChannelRecipient recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(recipient);
        if (!State.On)
        {
            return SendResult.Permanent($"channel {Id} is off: {State.Reason}", 0);
        }
        var body = JsonSerializer.SerializeToUtf8Bytes(WebhookPayload.From(message, recipient), WebhookPayload.Json);
        var secret = config.Secret(SecretField)!;
        SendResult result = SendResult.Transient("not sent", 0);
        for (var attempt = 1; attempt <= retry.MaxAttempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(retry.DelayAfter(attempt - 1), time, cancellationToken);
            }
            result = await AttemptAsync(message, body, secret, attempt, cancellationToken);
            if (result.Outcome != SendOutcome.Transient)
            {
                break;
            }
            LogAttemptFailed(Id, message.DeliveryId, attempt, result.Reason);
        }
        return result;
    }

    private async Task<SendResult> AttemptAsync(NotificationMessage message, byte[] body, string secret, int attempt, CancellationToken cancellationToken)
    {
        var timestamp = WebhookSignature.Timestamp(time.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, config.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.ParseAdd("OpsCenter-Webhook/1");
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        request.Headers.Add(WebhookSignature.DeliveryHeader, message.DeliveryId);
        request.Headers.Add(WebhookSignature.EventHeader, WebhookPayload.EventOf(message.Kind));
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return ChannelHttp.Judge(response, attempt);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return ChannelHttp.Judge(error, attempt);
        }
    }

    [LoggerMessage(LogLevel.Information, "Webhook {Channel} delivery {DeliveryId} attempt {Attempt} failed: {Reason}")]
    private partial void LogAttemptFailed(string channel, string deliveryId, int attempt, string? reason);
}

/// <summary>The webhook's JSON body (camelCase); <c>docs/CHANNELS.md</c> shows an example.</summary>
public sealed record WebhookPayload(
    string DeliveryId,
    string Event,
    string Kind,
    string AlertKey,
    string Severity,
    string Subject,
    WebhookText Text,
    IReadOnlyList<string> Units,
    string? Link,
    DateTimeOffset OccurredAt,
    string Recipient)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary><c>fired</c> → <c>alert.fired</c>, <c>reminder-2</c> → <c>alert.reminder</c>.</summary>
    public static string EventOf(string kind) => "alert." + (kind.StartsWith("reminder", StringComparison.Ordinal) ? "reminder" : kind);

    public static WebhookPayload From(NotificationMessage message, ChannelRecipient recipient) => new(
        message.DeliveryId, EventOf(message.Kind), message.Kind, message.AlertKey, message.Severity, message.Subject,
        new WebhookText(message.Text, message.TextEn), message.Units, message.Link, message.OccurredAt, recipient.Username);
}

/// <summary>The alert's text in Vietnamese (first) and English.</summary>
public sealed record WebhookText(string Vi, string En);
