using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpsCenter.Contracts;
using OpsCenter.Domain.Health;

namespace OpsCenter.Collector.Tests.Pull;

public class HealthPollerTests(PollingCollectorApp app) : IClassFixture<PollingCollectorApp>
{
    private const string AllowList = "add it to Collector:Pull:AllowedTargets";

    [Fact]
    public async Task Poll_HealthyEndpoint_RecordsUpWithLatency()
    {
        var sample = (await app.SamplesOfAsync("healthy", 1))[0];

        Assert.Equal(HealthStatus.Up, sample.Status);
        Assert.Equal("26740", sample.Unit);
        Assert.Equal("civil-status", sample.System);
        Assert.NotNull(sample.LatencyMs);
    }

    [Theory]
    [InlineData("degraded", HealthStatus.Degraded, "Degraded")]
    [InlineData("unhealthy", HealthStatus.Down, "HTTP 503 Unhealthy")]
    [InlineData("slow", HealthStatus.Down, "timeout after 0.5 s")]
    [InlineData("unreachable", HealthStatus.Down, "unreachable: ConnectionError")]
    public async Task Poll_ProblemEndpoint_RecordsStatusAndReason(string target, HealthStatus status, string detail)
    {
        var sample = (await app.SamplesOfAsync(target, 1))[0];

        Assert.Equal(status, sample.Status);
        Assert.Equal(detail, sample.Detail);
    }

    [Fact]
    public async Task Poll_FailingEndpoint_OpensTheCircuitAndStillReportsDown()
    {
        var samples = await app.SamplesOfAsync("failing", 4);

        Assert.All(samples, s => Assert.Equal(HealthStatus.Down, s.Status));
        Assert.Equal("HTTP 500", samples[0].Detail);
        Assert.StartsWith("not checked: 2 failures in a row", samples[^1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_Redirect_IsADownCheckSayingWhereTo_AndIsNotFollowed()
    {
        var samples = await app.SamplesOfAsync("redirect", 2);

        Assert.Equal(HealthStatus.Down, samples[0].Status);
        Assert.Equal($"redirected (HTTP 302) to {app.RedirectLocation[..100]}…; redirects are not followed", samples[0].Detail);
        Assert.Equal(0, app.RedirectTargetHits);
    }

    [Theory]
    [InlineData("huge-declared")]
    [InlineData("huge-chunked")]
    public async Task Poll_BodyOverTheCap_IsDown_AndIsNotReadToTheEnd(string target)
    {
        var sample = (await app.SamplesOfAsync(target, 1))[0];

        Assert.Equal(HealthStatus.Down, sample.Status);
        Assert.Equal("response larger than 65536 bytes", sample.Detail);
        // The server stops writing when the poller closes the connection; give it a moment to notice.
        await Eventually.TrueAsync(() => app.HugeSends.Any(s => s.Path == "/" + target), TimeSpan.FromSeconds(10), $"the huge body server seeing /{target}");
        var sends = app.HugeSends.Where(s => s.Path == "/" + target).ToList();
        Assert.NotEmpty(sends);
        Assert.All(sends, s => Assert.False(s.Completed, $"the server wrote all {s.Written} bytes: the poller read them"));
        Assert.All(sends, s => Assert.True(s.Written < HugeBodyServer.BodyBytes / 4, $"{s.Written} bytes written before the poller hung up"));
    }

    [Theory]
    [InlineData("healthy")]
    [InlineData("named")]
    public async Task Poll_LoopbackTargetOnTheAllowList_IsPolled(string target)
    {
        var sample = (await app.SamplesOfAsync(target, 1))[0];

        Assert.Equal(HealthStatus.Up, sample.Status);
        Assert.NotNull(sample.LatencyMs);
    }

    [Theory]
    [InlineData("private", "target refused: 10.0.0.5 is a private address; " + AllowList)]
    [InlineData("metadata", "target refused: 169.254.169.254 is a link-local address; " + AllowList)]
    [InlineData("cgnat", "target refused: 100.64.0.1 is a shared (carrier-grade NAT) address; " + AllowList)]
    [InlineData("unique-local", "target refused: fd00::5 is a private address; " + AllowList)]
    [InlineData("mapped", "target refused: 192.168.1.1 is a private address; " + AllowList)]
    [InlineData("file", "target refused: file:///etc/passwd is not an http(s) URL")]
    public async Task Poll_InternalTargetNotOnTheAllowList_IsRecordedDownWithWhy(string target, string detail)
    {
        var samples = await app.SamplesOfAsync(target, 3);

        Assert.All(samples, s => Assert.Equal(HealthStatus.Down, s.Status));
        Assert.All(samples, s => Assert.Null(s.LatencyMs));
        // A refused target is never contacted, so the circuit breaker does not hide the reason.
        Assert.All(samples, s => Assert.Equal(detail, s.Detail));
    }

    [Fact]
    public async Task Poll_LoopbackPortNotOnTheAllowList_IsRefusedWithoutARequest()
    {
        var sample = (await app.SamplesOfAsync("loopback", 2))[0];

        Assert.Equal(HealthStatus.Down, sample.Status);
        Assert.Equal("target refused: 127.0.0.1 is a loopback address; " + AllowList, sample.Detail);
        Assert.Equal(0, app.RefusedPortHits);
    }

    [Fact]
    public async Task Poll_HostNameResolvingToLoopback_IsRefusedAtConnectTime()
    {
        var sample = (await app.SamplesOfAsync("localhost", 2))[0];

        Assert.Equal(HealthStatus.Down, sample.Status);
        Assert.Matches(@"^target refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address; add it to Collector:Pull:AllowedTargets$", sample.Detail);
        Assert.Equal(0, app.RefusedPortHits);
    }

    [Fact]
    public async Task SourcesAdminApi_RefusedTarget_ShowsTheLastCheckAndWhy()
    {
        await app.SamplesOfAsync("private", 1);
        await app.SamplesOfAsync("healthy", 1);
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var admin = app.CreateAdmin();

        var source = await admin.GetFromJsonAsync<JsonElement>("/api/admin/v1/sources/pull-private", WireJson.Options, TestContext.Current.CancellationToken);
        var all = await admin.GetFromJsonAsync<JsonElement[]>("/api/admin/v1/sources", WireJson.Options, TestContext.Current.CancellationToken);

        var poll = source.GetProperty("lastPoll");
        Assert.Equal("http://10.0.0.5/health", poll.GetProperty("url").GetString());
        Assert.Equal("down", poll.GetProperty("status").GetString());
        Assert.Equal("target refused: 10.0.0.5 is a private address; " + AllowList, poll.GetProperty("reason").GetString());
        Assert.Equal("10.0.0.5", poll.GetProperty("refused").GetProperty("target").GetString());
        Assert.Equal("private", poll.GetProperty("refused").GetProperty("range").GetString());
        var at = poll.GetProperty("at").GetDateTimeOffset();
        Assert.InRange(at, now.AddMinutes(-1), now.AddMinutes(1));
        var healthy = all!.Single(s => s.GetProperty("id").GetString() == "pull-healthy").GetProperty("lastPoll");
        Assert.Equal("up", healthy.GetProperty("status").GetString());
        Assert.False(healthy.TryGetProperty("refused", out _));
        var pushed = all!.Single(s => s.GetProperty("id").GetString() == "ward-a");
        Assert.False(pushed.TryGetProperty("lastPoll", out _));
    }
}
