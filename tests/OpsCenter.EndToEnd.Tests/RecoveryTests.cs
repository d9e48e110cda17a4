using System.Diagnostics;
using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpsCenter.Domain.Health;
using OpsCenter.Testing;

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
        var tile = page.Locator("[data-unit='26758']");
        await Assertions.Expect(tile).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await PostAsync(HealthStatus.Up);
        await Assertions.Expect(tile).ToHaveAttributeAsync("data-state", "Up", new() { Timeout = 30_000 });

        var restartedAt = DateTime.UtcNow;
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
        await WaitHealthyAfterAsync(resource, restartedAt);
        var healthy = Stopwatch.StartNew();
        await PostAsync(HealthStatus.Down);
        await Assertions.Expect(page.Locator("[data-unit='26758']")).ToHaveAttributeAsync("data-state", "Down", new() { Timeout = (float)Generous.TotalMilliseconds });
        var recovery = healthy.Elapsed;
        await Assertions.Expect(page.Locator("[data-testid='link-banner']")).ToHaveCountAsync(0, new() { Timeout = 30_000 });

        TestContext.Current.SendDiagnosticMessage($"recovery after restarting {resource}: {recovery.TotalSeconds:0.0} s");
        Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "artifacts"));
        await File.AppendAllTextAsync(Path.Combine(RepositoryPaths.Root, "artifacts", "recovery-times.txt"),
            $"{DateTime.UtcNow:O} {resource} {recovery.TotalSeconds:0.0}\n", TestContext.Current.CancellationToken);
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
        var deadline = DateTime.UtcNow + Generous;
        while (true)
        {
            try
            {
                // Every system of the unit, so that older samples of other tests cannot make the tile stale.
                using var response = await center.PostHealthAsync(SystemCatalog.Standard.Select(s =>
                    CenterFixture.Sample("26758", s.Code, s == SystemCatalog.Documents ? status : HealthStatus.Up)));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("ingest did not come back");
            }
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    private async Task WaitHealthyAfterAsync(string resource, DateTime restartedAt)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Generous);
        await center.App.ResourceNotifications.WaitForResourceAsync(resource,
            e => e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                && e.Snapshot.StartTimeStamp is { } started && started > restartedAt,
            timeout.Token);
    }
}
