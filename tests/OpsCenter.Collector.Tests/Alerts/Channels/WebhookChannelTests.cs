using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using OpsCenter.Collector.Alerts.Channels;

namespace OpsCenter.Collector.Tests.Alerts.Channels;

public sealed class WebhookChannelTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 7, 21, 0, TimeSpan.Zero));

    /// <summary>The receiver's check, written apart from <see cref="WebhookSignature"/>: HMAC-SHA256 over "timestamp.body", hex, "sha256=".</summary>
    private static bool Verified(ReceivedRequest request, string secret)
    {
        var timestamp = request.Header("X-OpsCenter-Timestamp");
        var signature = request.Header("X-OpsCenter-Signature");
        if (timestamp is null || signature is null || !signature.StartsWith("sha256=", StringComparison.Ordinal))
        {
            return false;
        }
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = hmac.ComputeHash([.. Encoding.UTF8.GetBytes(timestamp + "."), .. request.Body]);
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(signature["sha256=".Length..]));
    }

    [Fact]
    public async Task SendAsync_Accepted_ReceiverVerifiesSignatureAndReadsPayload()
    {
        await using var receiver = await LocalReceiver.StartAsync(() => Results.NoContent());
        var message = ChannelTestData.Message();

        var result = await ChannelTestData.Webhook(receiver.Url + "/hooks/opscenter", _clock).SendAsync(message, ChannelTestData.Recipient, TestContext.Current.CancellationToken);

        Assert.Equal(SendOutcome.Sent, result.Outcome);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hooks/opscenter", request.PathAndQuery);
        Assert.StartsWith("application/json", request.Header("Content-Type"));
        Assert.True(Verified(request, ChannelTestData.WebhookSecret), "signature");
        Assert.False(Verified(request, "another-secret"), "a wrong secret must not verify");
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), request.Header("X-OpsCenter-Timestamp"));
        Assert.Equal(message.DeliveryId, request.Header("X-OpsCenter-Delivery"));
        Assert.Equal("alert.fired", request.Header("X-OpsCenter-Event"));
        Assert.True(WebhookSignature.Verify(ChannelTestData.WebhookSecret, request.Header("X-OpsCenter-Timestamp"), request.Header("X-OpsCenter-Signature"),
            request.Body, _clock.GetUtcNow().AddMinutes(4), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(ChannelTestData.WebhookSecret, request.Header("X-OpsCenter-Timestamp"), request.Header("X-OpsCenter-Signature"),
            request.Body, _clock.GetUtcNow().AddMinutes(6), TimeSpan.FromMinutes(5)), "an old delivery is a replay");

        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal(
            ["deliveryId", "event", "kind", "alertKey", "severity", "subject", "text", "units", "link", "occurredAt", "recipient"],
            root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(message.DeliveryId, root.GetProperty("deliveryId").GetString());
        Assert.Equal("alert.fired", root.GetProperty("event").GetString());
        Assert.Equal("fired", root.GetProperty("kind").GetString());
        Assert.Equal(message.AlertKey, root.GetProperty("alertKey").GetString());
        Assert.Equal("critical", root.GetProperty("severity").GetString());
        Assert.Equal(message.Subject, root.GetProperty("subject").GetString());
        Assert.Equal(message.Text, root.GetProperty("text").GetProperty("vi").GetString());
        Assert.Equal(message.TextEn, root.GetProperty("text").GetProperty("en").GetString());
        Assert.Equal(["26740", "26743"], root.GetProperty("units").EnumerateArray().Select(u => u.GetString()).ToArray());
        Assert.Equal(message.Link, root.GetProperty("link").GetString());
        Assert.Equal(message.OccurredAt, root.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.Equal("nguyen.van.an", root.GetProperty("recipient").GetString());
    }

    [Fact]
    public async Task SendAsync_ServerErrorsThenAccepted_RetriesOnTheClockWithOneDeliveryId()
    {
        await using var receiver = await LocalReceiver.StartAsync((_, i) => i < 2 ? Results.StatusCode(500) : Results.Ok());
        var message = ChannelTestData.Message();
        var retry = new ChannelRetry { MaxAttempts = 4, FirstDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(15) };

        var sending = ChannelTestData.Webhook(receiver.Url, _clock, retry: retry).SendAsync(message, ChannelTestData.Recipient, TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => receiver.Requests.Count == 1, because: "first attempt");
        Assert.False(sending.IsCompleted, "the second attempt waits for the clock");
        // The retry waits on the injected clock: move it until the next attempt is made.
        await Eventually.TrueAsync(() =>
        {
            _clock.Advance(TimeSpan.FromMilliseconds(500));
            return receiver.Requests.Count == 3;
        }, because: "second and third attempts");
        var result = await sending;

        Assert.Equal(SendOutcome.Sent, result.Outcome);
        Assert.Equal(3, result.Attempts);
        Assert.All(receiver.Requests, r => Assert.Equal(message.DeliveryId, r.Header("X-OpsCenter-Delivery")));
        Assert.All(receiver.Requests, r => Assert.True(Verified(r, ChannelTestData.WebhookSecret)));
        Assert.Single(receiver.Requests.Select(r => r.Text).Distinct());
        var stamps = receiver.Requests.Select(r => long.Parse(r.Header("X-OpsCenter-Timestamp")!, CultureInfo.InvariantCulture)).ToArray();
        Assert.True(stamps[1] - stamps[0] >= 1 && stamps[2] - stamps[1] >= 2, $"backoff 1 s then 2 s: {string.Join(", ", stamps)}");
    }

    [Fact]
    public async Task SendAsync_AlwaysUnavailable_GivesUpAfterMaxAttemptsAsTransient()
    {
        await using var receiver = await LocalReceiver.StartAsync(() => Results.StatusCode(503));
        var retry = new ChannelRetry { MaxAttempts = 3, FirstDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero };

        var result = await ChannelTestData.Webhook(receiver.Url, _clock, retry: retry).SendAsync(ChannelTestData.Message(), ChannelTestData.Recipient, TestContext.Current.CancellationToken);

        Assert.Equal(SendOutcome.Transient, result.Outcome);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, receiver.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_ClientError_IsPermanentAndNotRetried()
    {
        await using var receiver = await LocalReceiver.StartAsync(() => Results.StatusCode(401));

        var result = await ChannelTestData.Webhook(receiver.Url, _clock).SendAsync(ChannelTestData.Message(), ChannelTestData.Recipient, TestContext.Current.CancellationToken);

        Assert.Equal(SendOutcome.Permanent, result.Outcome);
        Assert.Contains("401", result.Reason);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task SendAsync_Redirect_IsNotFollowed()
    {
        await using var receiver = await LocalReceiver.StartAsync((r, _) => Results.Redirect("/elsewhere"));

        var result = await ChannelTestData.Webhook(receiver.Url + "/hook", _clock).SendAsync(ChannelTestData.Message(), ChannelTestData.Recipient, TestContext.Current.CancellationToken);

        Assert.Equal(SendOutcome.Permanent, result.Outcome);
        Assert.Contains("redirect", result.Reason);
        Assert.Equal("/hook", Assert.Single(receiver.Requests).PathAndQuery);
    }

    [Fact]
    public async Task SendAsync_LoopbackNotAllowed_IsRefusedBeforeConnecting()
    {
        await using var receiver = await LocalReceiver.StartAsync(() => Results.Ok());

        var result = await ChannelTestData.Webhook(receiver.Url, _clock, ChannelTestData.Http()).SendAsync(ChannelTestData.Message(), ChannelTestData.Recipient, TestContext.Current.CancellationToken);

        Assert.Equal(SendOutcome.Permanent, result.Outcome);
        Assert.Contains("target refused: 127.0.0.1 is a loopback address", result.Reason);
        Assert.Equal(1, result.Attempts);
        Assert.Empty(receiver.Requests);
    }

    [Theory]
    [InlineData("http://10.20.3.4:8080/hook", "a private address")]
    [InlineData("http://192.168.1.10/hook", "a private address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "a link-local address")]
    [InlineData("http://[::1]:9/hook", "a loopback address")]
    public async Task SendAsync_InternalTargetNotAllowed_IsRefused(string url, string words)
    {
        var result = await ChannelTestData.Webhook(url, _clock, ChannelTestData.Http("127.0.0.1")).SendAsync(ChannelTestData.Message(), ChannelTestData.Recipient, TestContext.Current.CancellationToken);

        Assert.Equal(SendOutcome.Permanent, result.Outcome);
        Assert.Contains(words, result.Reason);
        Assert.Contains("Collector:Pull:AllowedTargets", result.Reason);
    }

    [Fact]
    public async Task SendAsync_NoSecret_ChannelIsOffAndSendsNothing()
    {
        await using var receiver = await LocalReceiver.StartAsync(() => Results.Ok());
        var channel = ChannelTestData.Webhook(receiver.Url, _clock, secret: null);

        var result = await channel.SendAsync(ChannelTestData.Message(), ChannelTestData.Recipient, TestContext.Current.CancellationToken);

        Assert.Equal(ChannelState.Off("no signing secret"), channel.State);
        Assert.Equal(SendOutcome.Permanent, result.Outcome);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public void DelayAfter_Doubles_UpToTheMaximum()
    {
        var retry = new ChannelRetry { FirstDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5) };

        Assert.Equal([1, 2, 4, 5, 5], Enumerable.Range(1, 5).Select(a => retry.DelayAfter(a).TotalSeconds).ToArray());
    }
}
