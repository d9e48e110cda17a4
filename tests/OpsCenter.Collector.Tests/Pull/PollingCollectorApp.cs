using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;

namespace OpsCenter.Collector.Tests.Pull;

/// <summary>
/// A collector polling real health endpoints served by a small Kestrel app on loopback: healthy,
/// degraded (ASP.NET health JSON), unhealthy (503), too slow, always failing, unreachable, a
/// redirect, two bodies far over the size cap; and targets the poller must refuse (loopback ports
/// and <c>localhost</c> not allow-listed, private, link-local, CGNAT and IPv6 unique-local addresses,
/// a file URL). Only <c>127.0.0.1</c> on the served port, the closed port, the oversize server's port
/// and <c>localhost</c> on a second served port are allow-listed; a third served port is not, and
/// counts what reaches it. The oversize bodies come from <see cref="HugeBodyServer"/>, which writes
/// to its sockets itself, so it knows how much the poller took before hanging up.
/// </summary>
public sealed class PollingCollectorApp : CollectorApp
{
    private readonly WebApplication _target;
    private readonly HugeBodyServer _huge = new();
    private readonly int _allowedPort = FreePort();
    private readonly int _namedPort = FreePort();
    private readonly int _refusedPort = FreePort();
    private readonly int _closedPort = FreePort();
    private int _redirectTargetHits;
    private int _refusedPortHits;

    public PollingCollectorApp()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{_allowedPort}", $"http://127.0.0.1:{_namedPort}", $"http://127.0.0.1:{_refusedPort}");
        _target = builder.Build();
        _target.Use(async (context, next) =>
        {
            if (context.Connection.LocalPort == _refusedPort)
            {
                Interlocked.Increment(ref _refusedPortHits);
            }
            await next(context);
        });
        _target.MapGet("/healthy", () => "Healthy");
        _target.MapGet("/degraded", () => Results.Json(new { status = "Degraded", totalDuration = "00:00:00.01" }));
        _target.MapGet("/unhealthy", () => Results.Text("Unhealthy", statusCode: 503));
        _target.MapGet("/slow", async () =>
        {
            await Task.Delay(3000);
            return "Healthy";
        });
        _target.MapGet("/failing", () => Results.StatusCode(500));
        _target.MapGet("/redirect", () => Results.Redirect(RedirectLocation));
        _target.MapGet("/redirected-here", () =>
        {
            Interlocked.Increment(ref _redirectTargetHits);
            return "Healthy";
        });
        _target.StartAsync().GetAwaiter().GetResult();
    }

    /// <summary>Where <c>/redirect</c> sends the poller: an allow-listed endpoint that counts its requests, behind a long URL.</summary>
    public string RedirectLocation => $"http://127.0.0.1:{_allowedPort}/redirected-here?padding={new string('x', 200)}";

    public int RedirectTargetHits => Volatile.Read(ref _redirectTargetHits);

    public int RefusedPortHits => Volatile.Read(ref _refusedPortHits);

    /// <summary>Per request for an oversize body: how much the server wrote and whether it wrote it all.</summary>
    public ConcurrentQueue<HugeBodyServer.Send> HugeSends => _huge.Sends;

    /// <summary>Polled sources by name, and the URL each polls.</summary>
    public IReadOnlyDictionary<string, string> Targets => new Dictionary<string, string>
    {
        ["healthy"] = $"http://127.0.0.1:{_allowedPort}/healthy",
        ["degraded"] = $"http://127.0.0.1:{_allowedPort}/degraded",
        ["unhealthy"] = $"http://127.0.0.1:{_allowedPort}/unhealthy",
        ["slow"] = $"http://127.0.0.1:{_allowedPort}/slow",
        ["failing"] = $"http://127.0.0.1:{_allowedPort}/failing",
        ["unreachable"] = $"http://127.0.0.1:{_closedPort}/health",
        ["redirect"] = $"http://127.0.0.1:{_allowedPort}/redirect",
        ["huge-declared"] = $"http://127.0.0.1:{_huge.Port}/huge-declared",
        ["huge-chunked"] = $"http://127.0.0.1:{_huge.Port}/huge-chunked",
        ["named"] = $"http://localhost:{_namedPort}/healthy",
        ["loopback"] = $"http://127.0.0.1:{_refusedPort}/healthy",
        ["localhost"] = $"http://localhost:{_refusedPort}/healthy",
        ["private"] = "http://10.0.0.5/health",
        ["metadata"] = "http://169.254.169.254/latest/meta-data/",
        ["cgnat"] = "http://100.64.0.1/health",
        ["unique-local"] = "http://[fd00::5]/health",
        ["mapped"] = "http://[::ffff:192.168.1.1]/health",
        ["file"] = "file:///etc/passwd",
    };

    public int RefusedPort => _refusedPort;

    public static string SourceOf(string target) => $"pull-{target}";

    /// <summary>The health samples recorded for a polled source, waiting (up to 20 s) until there are at least <paramref name="atLeast"/>.</summary>
    public async Task<List<HealthSample>> SamplesOfAsync(string target, int atLeast)
    {
        _ = Server; // start the collector and its poller
        return await Eventually.MatchAsync(
            async () => (await Log.ReadAfterAsync(0, 10_000, TestContext.Current.CancellationToken))
                .Where(e => e.Source == SourceOf(target))
                .Select(e => JsonSerializer.Deserialize<HealthSample>(e.Payload, WireJson.Options)!)
                .ToList(),
            samples => samples.Count >= atLeast, TimeSpan.FromSeconds(20), $"{target}: {atLeast} samples");
    }

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Collector:Pull:Timeout", "00:00:00.500");
        builder.UseSetting("Collector:Pull:FailuresToOpen", "2");
        builder.UseSetting("Collector:Pull:OpenForIntervals", "30");
        builder.UseSetting("Collector:Pull:SourceRefreshInterval", "00:00:01");
        builder.UseSetting("Collector:Pull:AllowedTargets:0", $"127.0.0.1:{_allowedPort}");
        builder.UseSetting("Collector:Pull:AllowedTargets:1", $"127.0.0.1:{_closedPort}");
        builder.UseSetting("Collector:Pull:AllowedTargets:2", $"localhost:{_namedPort}");
        builder.UseSetting("Collector:Pull:AllowedTargets:3", $"127.0.0.1:{_huge.Port}");
        var n = 10;
        foreach (var (name, url) in Targets)
        {
            builder.UseSetting($"Collector:SeedSources:{n}:Id", SourceOf(name));
            builder.UseSetting($"Collector:SeedSources:{n}:Name", name);
            builder.UseSetting($"Collector:SeedSources:{n}:Kinds:0", "health");
            builder.UseSetting($"Collector:SeedSources:{n}:Units:0", WardUnit);
            builder.UseSetting($"Collector:SeedSources:{n}:ExpectedInterval", "00:00:01");
            builder.UseSetting($"Collector:SeedSources:{n}:HealthUrl", url);
            builder.UseSetting($"Collector:SeedSources:{n}:HealthSystem", "civil-status");
            n++;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _target.DisposeAsync();
        await _huge.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
