using System.Diagnostics.Metrics;

namespace OpsCenter.Aggregator.Embed;

/// <summary>
/// Every <see cref="EmbedAccess.CacheFor"/>, re-checks the tokens of the open widget streams, once
/// per token and origin, so a revoked token stops its widgets within two intervals
/// however quiet the widget is, without one check per viewer.
/// </summary>
internal sealed partial class EmbedTokenSweep(
    EmbedBroadcaster broadcaster, EmbedAccess access, TimeProvider time, IMeterFactory meters, ILogger<EmbedTokenSweep> logger) : BackgroundService
{
    /// <summary>Open widget streams, read on each scrape (<c>opscenter_aggregator_embed_viewers</c>).</summary>
    private readonly ObservableGauge<int> _viewers = meters.Create("OpsCenter.Aggregator")
        .CreateObservableGauge("embed.viewers", () => broadcaster.Viewers, "{viewer}", "Open widget streams.");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(EmbedAccess.CacheFor, time, stoppingToken);
                if (await broadcaster.SweepAsync(access, stoppingToken) is > 0 and var refused)
                {
                    LogRefused(refused);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store may be briefly unreachable: streams stay open and the next sweep checks again.
                LogSweepFailed(e);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Closed {Count} widget streams whose embed token is no longer allowed")]
    private partial void LogRefused(int count);

    [LoggerMessage(LogLevel.Warning, "Re-checking the embed tokens of open widget streams failed")]
    private partial void LogSweepFailed(Exception exception);
}
