using System.Diagnostics;
using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpsCenter.Domain.Health;

namespace OpsCenter.EndToEnd.Tests;

/// <summary>Restarts take services away from every other test: these run alone.</summary>
[CollectionDefinition(nameof(RestartCollection), DisableParallelization = true)]
public sealed class RestartCollection;

/// <summary>
/// An open wall survives each service crashing (SIGKILL) and being started again: it shows the
/// fault and recovers by itself, with nobody touching it. Recovery is timed from the moment the
/// restarted service is healthy again to the moment the wall shows a sample posted at that moment.
/// (A crash, not a graceful restart: it is the harsher case, and DCP's graceful stop of the gateway
/// times out while browsers hold WebSockets through it; see docs/PERFORMANCE.md.)
/// </summary>
[Collection(nameof(RestartCollection))]
public class RecoveryTests(CenterFixture center, BrowserFixture browser)
{
    /// <summary>Xã Thanh An: this class's own ward (see <see cref="OwnedWards"/>).</summary>
    internal const string Ward = "25807";
    internal const string OutageWard = "27073";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("aggregator")]
    [InlineData("collector")]
    [InlineData("gateway")]
    [InlineData("wall")]
    public async Task Restart_Service_WallShowsTheFaultAndRecoversByItself(string resource)
    {
        var page = await browser.NewWallPageAsync(center.GatewayUrl);
        await page.GotoAsync(center.GatewayUrl.ToString());
        var tile = page.Locator($"[data-unit='{Ward}']");
        await Assertions.Expect(tile).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await PostAsync(HealthStatus.Up);
        await Assertions.Expect(tile).ToHaveAttributeAsync("data-state", "Up", new() { Timeout = 30_000 });

        // The new process is told from the old one by its start time. Not by "started after the kill":
        // start times are kept to the second, and a fast restart starts within the second of the kill.
        var previousStart = center.App.ResourceNotifications.TryGetCurrentState(resource, out var before) ? before.Snapshot.StartTimeStamp : null;
        KillProcessOf(resource);
        var fault = resource switch
        {
            // The wall server loses its live link: the banner says the data is old.
            "aggregator" => page.Locator("[data-testid='link-banner']"),
            // The browser loses its circuit: the reconnect banner shows.
            "gateway" or "wall" => page.Locator("#components-reconnect-modal.components-reconnect-show, #components-reconnect-modal.components-reconnect-retrying, #components-reconnect-modal.components-reconnect-failed"),
            _ => null,
        };
        if (fault is not null)
        {
            await Assertions.Expect(fault).ToBeVisibleAsync(new() { Timeout = 30_000 });
        }

        var commands = center.App.Services.GetRequiredService<ResourceCommandService>();
        await center.App.ResourceNotifications.WaitForResourceAsync(resource, e => e.Snapshot.State?.Text is "Exited" or "Finished" or "FailedToStart",
            TestContext.Current.CancellationToken);
        var result = await commands.ExecuteCommandAsync(resource, "resource-start", TestContext.Current.CancellationToken);
        Assert.True(result.Success, $"start of {resource} failed: {result.Message}");
        await WaitHealthyAfterAsync(resource, previousStart);
        var healthy = Stopwatch.StartNew();
        await PostAsync(HealthStatus.Down);
        await Assertions.Expect(page.Locator($"[data-unit='{Ward}']")).ToHaveAttributeAsync("data-state", "Down", new() { Timeout = (float)Generous.TotalMilliseconds });
        var recovery = healthy.Elapsed;
        await Assertions.Expect(page.Locator("[data-testid='link-banner']")).ToHaveCountAsync(0, new() { Timeout = 30_000 });

        TestContext.Current.SendDiagnosticMessage($"recovery after restarting {resource}: {recovery.TotalSeconds:0.0} s");
        Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "artifacts"));
        await File.AppendAllTextAsync(Path.Combine(RepositoryPaths.Root, "artifacts", "recovery-times.txt"),
            $"{DateTime.UtcNow:O} {resource} {recovery.TotalSeconds:0.0}\n", TestContext.Current.CancellationToken);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Every tile kind says when its data cannot be trusted: with the aggregator gone, each turns
    /// stale (never shown as current); a wall server started meanwhile shows every tile as missing
    /// (not zero, not healthy); when the aggregator is back every tile is fresh again, untouched.
    /// </summary>
    [Fact]
    public async Task AggregatorDown_EveryTileKindTurnsStale_AWallStartedMeanwhileShowsMissing_ThenFresh()
    {
        // Phường Phú Nhuận: data of every kind, so that every city tile has something to show.
        const string ward = OutageWard;
        var now = TestClock.UtcNow;
        using (var health = await center.PostHealthAsync([CenterFixture.Sample(ward, "one-stop", HealthStatus.Down)]))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        using (var dossiers = await center.PostAsync("dossiers", new[]
        {
            TileLayouts.Dossier("G01.79.27073-OUT-0001", ward, 2, now.AddDays(-4), now.AddDays(-1)),
            TileLayouts.Dossier("G01.79.27073-OUT-0001", ward, 4, now.AddHours(-1), now.AddDays(-1)),
        }))
        {
            Assert.Equal(HttpStatusCode.OK, dossiers.StatusCode);
        }
        using (var scores = await center.PostAsync("index-scores", new[]
        {
            new Contracts.Ingest.IndexScoreItem { IndexSet = "qd766", Period = "2025-W47", Unit = ward, Indicator = "total", Value = 83.1m, Max = 100, PublishedAt = now.AddHours(-1) },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, scores.StatusCode);
        }
        using (var incidents = await center.PostAsync("incidents", new[]
        {
            new Contracts.Ingest.IncidentItem { IncidentId = "INC-27073-OUT", Unit = ward, Kind = "flood", Severity = 2, Status = "open", At = now.AddMinutes(-2), Title = "Ngập nhẹ" },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, incidents.StatusCode);
        }
        var view = await TileLayouts.WriteAllKindsAsync(center, "city");
        var page = await browser.NewWallPageAsync(center.GatewayUrl);
        await TileLayouts.OpenAsync(page, center.GatewayUrl, view);
        foreach (var kind in TileLayouts.Kinds)
        {
            await TileLayouts.ExpectFreshnessAsync(page, kind, "fresh", 45_000);
        }

        var aggregatorStarted = center.App.ResourceNotifications.TryGetCurrentState("aggregator", out var before) ? before.Snapshot.StartTimeStamp : null;
        KillProcessOf("aggregator");
        foreach (var kind in TileLayouts.Kinds)
        {
            await TileLayouts.ExpectFreshnessAsync(page, kind, "stale", 90_000);
        }
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = RepositoryPaths.Screenshot("wall-all-kinds-stale-1920x1080.png") });

        var commands = center.App.Services.GetRequiredService<ResourceCommandService>();
        KillProcessOf("wall");
        await center.App.ResourceNotifications.WaitForResourceAsync("wall", e => e.Snapshot.State?.Text is "Exited" or "Finished" or "FailedToStart",
            TestContext.Current.CancellationToken);
        var wallStart = await commands.ExecuteCommandAsync("wall", "resource-start", TestContext.Current.CancellationToken);
        Assert.True(wallStart.Success, $"start of the wall failed: {wallStart.Message}");
        // The page reloads itself once the new wall server answers; it has never heard from the aggregator.
        foreach (var kind in TileLayouts.Kinds)
        {
            await TileLayouts.ExpectFreshnessAsync(page, kind, "missing", 90_000);
        }
        await Assertions.Expect(page.Locator("section[data-kind='kpi-strip'] [data-kpi='late'] .kpi-value")).ToHaveTextAsync("—");

        await center.App.ResourceNotifications.WaitForResourceAsync("aggregator", e => e.Snapshot.State?.Text is "Exited" or "Finished" or "FailedToStart",
            TestContext.Current.CancellationToken);
        var aggregatorStart = await commands.ExecuteCommandAsync("aggregator", "resource-start", TestContext.Current.CancellationToken);
        Assert.True(aggregatorStart.Success, $"start of the aggregator failed: {aggregatorStart.Message}");
        await WaitHealthyAfterAsync("aggregator", aggregatorStarted);
        foreach (var kind in TileLayouts.Kinds)
        {
            await TileLayouts.ExpectFreshnessAsync(page, kind, "fresh", 90_000);
        }
        await page.Context.CloseAsync();
    }

    /// <summary>SIGKILL the service's process: the one this checkout built, never another checkout's.</summary>
    private static void KillProcessOf(string resource)
    {
        var binary = Path.Combine(RepositoryPaths.Root, "src", $"OpsCenter.{char.ToUpperInvariant(resource[0])}{resource[1..]}", "bin");
        var killed = 0;
        foreach (var process in Process.GetProcesses())
        {
            string commandLine;
            try
            {
                commandLine = File.ReadAllText($"/proc/{process.Id}/cmdline").Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            if (commandLine.StartsWith(binary, StringComparison.Ordinal))
            {
                process.Kill();
                killed++;
            }
        }
        Assert.Equal(1, killed);
    }

    private async Task PostAsync(HealthStatus status)
    {
        // Through the gateway, which may itself be coming back: retry like a real source.
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                // Every system of the unit, so that older samples of other tests cannot make the tile stale.
                using var response = await center.PostHealthAsync(SystemCatalog.Standard.Select(s =>
                    CenterFixture.Sample(Ward, s.Code, s == SystemCatalog.Documents ? status : HealthStatus.Up)));
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, Generous, "ingest back");
    }

    private async Task WaitHealthyAfterAsync(string resource, DateTime? previousStart)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Generous);
        await center.App.ResourceNotifications.WaitForResourceAsync(resource,
            e => e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                && e.Snapshot.StartTimeStamp is { } started && started != previousStart,
            timeout.Token);
    }
}
