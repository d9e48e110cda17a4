using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using OpsCenter.Storage.Admin;
using OpsCenter.Storage.Events;
using OpsCenter.Storage.Sources;

namespace OpsCenter.Aggregator.Live;

/// <summary>
/// Follows the event log by position and applies every event to the live state. At start it
/// replays the log; it reports healthy once it has caught up.
/// </summary>
internal sealed partial class LogTailer(
    IEventLog log,
    ISourceRegistry sources,
    AdminStore admin,
    LiveState state,
    IOptionsMonitor<LiveOptions> options,
    IMeterFactory meters,
    TimeProvider time,
    ILogger<LogTailer> logger) : BackgroundService
{
    private readonly Counter<long> _applied = meters.Create("OpsCenter.Aggregator")
        .CreateCounter<long>("opscenter_aggregator_events_applied", "{event}", "Events applied to the live state.");

    /// <summary>True once the whole log present at start has been applied.</summary>
    public bool CaughtUp { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = time.GetTimestamp();
        var lastSourceRefresh = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = time.GetUtcNow();
                if (now - lastSourceRefresh > options.CurrentValue.SourceRefreshInterval)
                {
                    var list = await sources.ListSourcesAsync(stoppingToken);
                    state.SetExpectedIntervals(list.ToDictionary(s => s.Id, s => s.ExpectedInterval), options.CurrentValue.DefaultExpectedInterval);
                    // Windows that ended within the longest health range still cut it; older ones never matter.
                    state.Maintenance.Replace(await admin.ListMaintenanceAsync(now - Health.HealthHistory.Kept, stoppingToken));
                    lastSourceRefresh = now;
                }

                var batch = await log.ReadAfterAsync(state.Position, options.CurrentValue.TailBatchSize, stoppingToken);
                if (batch.Count > 0)
                {
                    state.Apply(batch);
                    _applied.Add(batch.Count);
                }
                if (batch.Count < options.CurrentValue.TailBatchSize)
                {
                    if (!CaughtUp)
                    {
                        CaughtUp = true;
                        state.Changes.Live = true;
                        var (dossiers, timers) = state.Kpis.Size;
                        LogCaughtUp(state.Position, time.GetElapsedTime(started).TotalMilliseconds, dossiers, timers);
                    }
                    await Task.Delay(options.CurrentValue.TailInterval, time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store may be briefly unavailable (restart, lock); keep the state and retry.
                LogTailFailed(e);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Live state caught up with the log at position {Position} in {ElapsedMs:0} ms: {Dossiers} dossiers, {Timers} timers")]
    private partial void LogCaughtUp(long position, double elapsedMs, int dossiers, int timers);

    [LoggerMessage(LogLevel.Warning, "Reading the event log failed; retrying")]
    private partial void LogTailFailed(Exception exception);
}
