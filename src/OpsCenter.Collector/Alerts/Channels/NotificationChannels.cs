using Microsoft.Extensions.Options;
using OpsCenter.Collector.Pull;

namespace OpsCenter.Collector.Alerts.Channels;

/// <summary>
/// Makes channels from their configuration, all sending through one HTTP client under the health
/// poller's SSRF policy (<see cref="PullOptions.AllowedTargets"/>, read at each connect).
/// </summary>
public sealed class NotificationChannels(IOptionsMonitor<PullOptions> pull, IOptions<ChannelRetry> retry, TimeProvider time, ILoggerFactory loggers)
    : IDisposable
{
    private readonly HttpClient _http = ChannelHttp.Create(() => pull.CurrentValue.AllowedTargets);

    public INotificationChannel Create(ChannelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Kind switch
        {
            ChannelKinds.Webhook => new WebhookChannel(config, _http, retry.Value, time, loggers.CreateLogger<WebhookChannel>()),
            ChannelKinds.Http => new HttpTemplateChannel(config, _http),
            _ => new OffChannel(config.Id, config.Kind, $"unknown kind '{config.Kind}'"),
        };
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A channel that cannot be made (an unknown kind): off, saying why.</summary>
public sealed class OffChannel(string id, string kind, string reason) : INotificationChannel
{
    public string Id => id;

    public string Kind => kind;

    public ChannelState State { get; } = ChannelState.Off(reason);

    public Task<SendResult> SendAsync(NotificationMessage message, ChannelRecipient recipient, CancellationToken cancellationToken) =>
        Task.FromResult(SendResult.Permanent($"channel {id} is off: {reason}", 0));
}
