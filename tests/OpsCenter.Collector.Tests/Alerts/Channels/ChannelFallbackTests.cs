using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using OpsCenter.Collector.Alerts.Channels;

namespace OpsCenter.Collector.Tests.Alerts.Channels;

public sealed class ChannelFallbackTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 7, 21, 0, TimeSpan.Zero));

    [Fact]
    public async Task SendAsync_OffAndFailingChannels_FallsBackInOrderToTheOneThatWorks()
    {
        await using var zalo = await LocalReceiver.StartAsync(() => Results.Json(new { error = -124, message = "Access token is invalid" }));
        await using var hook = await LocalReceiver.StartAsync(() => Results.Ok());
        await using var last = await LocalReceiver.StartAsync(() => Results.Ok());
        var off = ChannelTestData.Webhook(hook.Url, _clock, secret: null);
        var zns = new HttpTemplateChannel(new ChannelConfig
        {
            Id = "zns",
            Kind = ChannelKinds.Http,
            Preset = ChannelPresets.ZaloZns,
            Url = zalo.Url,
            Settings = new Dictionary<string, string> { ["templateId"] = "231456" },
            Secrets = new Dictionary<string, string> { ["accessToken"] = "expired" },
        }, ChannelTestData.LocalHttp());
        var webhook = ChannelTestData.Webhook(hook.Url, _clock);
        var notUsed = ChannelTestData.Webhook(last.Url, _clock);
        var notice = ChannelTestData.Message() with { Kind = "given-up" };

        var result = await ChannelFallback.SendAsync([off, zns, webhook, notUsed], notice, ChannelTestData.Recipient, TestContext.Current.CancellationToken);

        Assert.True(result.IsSent);
        Assert.Equal("ops-webhook", result.SentBy);
        Assert.Equal(3, result.Tries.Count);
        Assert.Equal("off: no signing secret", result.Tries[0].Result.Reason);
        Assert.Equal(SendOutcome.Permanent, result.Tries[1].Result.Outcome);
        Assert.Contains("-124", result.Tries[1].Result.Reason);
        Assert.True(result.Tries[2].Result.IsSent);
        Assert.Single(zalo.Requests);
        Assert.Equal("alert.given-up", Assert.Single(hook.Requests).Header("X-OpsCenter-Event"));
        Assert.Empty(last.Requests);
    }

    [Fact]
    public async Task SendAsync_EveryChannelFails_ReportsEachTry()
    {
        await using var down = await LocalReceiver.StartAsync(() => Results.StatusCode(503));
        var retry = new ChannelRetry { MaxAttempts = 2, FirstDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero };
        var channels = new INotificationChannel[]
        {
            ChannelTestData.Webhook(down.Url, _clock, retry: retry),
            new OffChannel("pager", "pager", "unknown kind 'pager'"),
        };

        var result = await ChannelFallback.SendAsync(channels, ChannelTestData.Message(), ChannelTestData.Recipient, TestContext.Current.CancellationToken);

        Assert.False(result.IsSent);
        Assert.Equal([SendOutcome.Transient, SendOutcome.Permanent], result.Tries.Select(t => t.Result.Outcome).ToArray());
        Assert.Equal(2, down.Requests.Count);
    }
}
