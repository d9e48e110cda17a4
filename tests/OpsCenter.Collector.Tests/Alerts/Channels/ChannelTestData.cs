using Microsoft.Extensions.Logging.Abstractions;
using OpsCenter.Collector.Alerts.Channels;

namespace OpsCenter.Collector.Tests.Alerts.Channels;

/// <summary>A message, a recipient and channels whose HTTP client may reach 127.0.0.1 (as the polling tests allow their local targets).</summary>
internal static class ChannelTestData
{
    public const string WebhookSecret = "whsec-test-0123456789abcdef";

    public static readonly ChannelRecipient Recipient = new("nguyen.van.an", "an@hcmc.test", "0912 345 678", "2468458835296117922");

    public static NotificationMessage Message(string? deliveryId = null) => new(
        deliveryId ?? $"01J{Guid.NewGuid():N}"[..26],
        "system-down|civil-status|1764770400000",
        "fired",
        "critical",
        "[Nghiêm trọng / Critical] Hộ tịch ngừng hoạt động",
        "Hệ thống \"Hộ tịch\" ngừng hoạt động tại 2 đơn vị\nPhường Sài Gòn, Phường Bến Thành",
        "Civil status system down at 2 units",
        "https://opscenter.test/alerts/system-down",
        ["26740", "26743"],
        new DateTimeOffset(2026, 12, 3, 7, 20, 0, TimeSpan.Zero));

    public static HttpClient Http(params string[] allowed) => ChannelHttp.Create(() => allowed);

    public static HttpClient LocalHttp() => Http("127.0.0.1");

    public static WebhookChannel Webhook(string url, TimeProvider time, HttpClient? http = null, string? secret = WebhookSecret, ChannelRetry? retry = null) =>
        new(new ChannelConfig
        {
            Id = "ops-webhook",
            Kind = ChannelKinds.Webhook,
            Url = url,
            Secrets = secret is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["secret"] = secret },
        }, http ?? LocalHttp(), retry ?? new ChannelRetry(), time, NullLogger<WebhookChannel>.Instance);
}
