using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using OpsCenter.Aggregator.Changes;
using OpsCenter.Aggregator.Events;
using OpsCenter.Aggregator.Health;
using OpsCenter.Aggregator.Kpis;
using OpsCenter.Storage.Admin;
using OpsCenter.Storage.Events;
using OpsCenter.Storage.Sources;

namespace OpsCenter.Aggregator.Live;

/// <summary>
/// Follows the event log by position and applies every event to the live state. At start it
/// loads the latest snapshot (when there is a usable one) and replays the log after it, or the
/// whole log; it reports healthy once it has caught up. Once caught up it writes a snapshot, and
/// again every <see cref="LiveOptions.SnapshotInterval"/> while the log moves: the state is captured
/// on this loop between two batches (references only), and written to disk beside it.
/// </summary>
internal sealed partial class LogTailer(
    IEventLog log,
    ISourceRegistry sources,
    AdminStore admin,
    LiveState state,
    KpiState kpis,
    ChangeFeed changes,
    MaintenanceBook maintenance,
    LiveSnapshots snapshots,
    IOptionsMonitor<LiveOptions> options,
    IMeterFactory meters,
    TimeProvider time,
    ILogger<LogTailer> logger) : BackgroundService
{
    private readonly Counter<long> _applied = CreateInstruments(meters.Create("OpsCenter.Aggregator"), state, logger);

    /// <summary>True once the whole log present at start has been applied.</summary>
    public bool CaughtUp { get; private set; }

    private static Counter<long> CreateInstruments(Meter meter, LiveState state, ILogger logger)
    {
        meter.CreateObservableGauge("live.position", () => state.Position, "{event}", "The log position the live state has applied up to.");
        meter.CreateObservableGauge("live.quarantine_held", () => state.Quarantine.Count, "{event}", "Events held in quarantine: read or applied, they failed; the tail went on.");
        meter.CreateObservableGauge("alerts.open", () => state.Alerts.Open, "{alert}", "Alerts firing or acknowledged, as the log tells.");
        meter.CreateObservableGauge("alerts.unacknowledged", () => state.Alerts.Unacknowledged, "{alert}", "Alerts firing that nobody has acknowledged.");
        var quarantined = meter.CreateCounter<long>("live.events_quarantined", "{event}", "Events put in quarantine (including re-applications that failed again).");
        state.Quarantine.Added += (e, reason) =>
        {
            quarantined.Add(1, new KeyValuePair<string, object?>("kind", e.Kind));
            LogQuarantined(logger, e.Position, e.Source, e.Kind, e.Unit, reason);
        };
        return meter.CreateCounter<long>("live.events_applied", "{event}", "Events applied to the live state.");
    }

    /// <summary>How the state was built at start; null until caught up.</summary>
    public LiveStartup? Startup { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = time.GetTimestamp();
        var lastSourceRefresh = DateTimeOffset.MinValue;
        var (snapshotPosition, snapshotLoad, snapshotProblem) = await RestoreAsync(stoppingToken);
        var lastSnapshot = (Position: snapshotPosition ?? 0, At: time.GetTimestamp());
        Task? writing = null;
        long replayed = 0;
        try
        {
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
                        maintenance.Replace(await admin.ListMaintenanceAsync(now - HealthHistory.Kept, stoppingToken));
                        lastSourceRefresh = now;
                    }

                    var batch = await log.ReadAfterAsync(state.Position, options.CurrentValue.TailBatchSize, stoppingToken);
                    if (batch.Count > 0)
                    {
                        state.Apply(batch);
                        _applied.Add(batch.Count);
                        if (!CaughtUp)
                        {
                            replayed += batch.Count;
                        }
                    }
                    if (batch.Count < options.CurrentValue.TailBatchSize)
                    {
                        var justCaughtUp = !CaughtUp;
                        if (justCaughtUp)
                        {
                            var elapsed = time.GetElapsedTime(started);
                            Startup = new LiveStartup(snapshotPosition, snapshotPosition is null ? null : snapshotLoad, snapshotProblem, replayed, elapsed);
                            CaughtUp = true;
                            changes.Live = true;
                            var (dossiers, timers) = kpis.Size;
                            LogCaughtUp(state.Position, elapsed.TotalMilliseconds, replayed, snapshotPosition is null ? "the whole log" : $"the snapshot at {snapshotPosition}", dossiers, timers);
                        }
                        // A snapshot after the replay at start, then every interval while the log moves; one write at a time.
                        if (snapshots.Enabled && state.Position != lastSnapshot.Position && writing is not { IsCompleted: false }
                            && (justCaughtUp || time.GetElapsedTime(lastSnapshot.At) >= snapshots.Interval))
                        {
                            var image = state.Export();
                            lastSnapshot = (image.Position, time.GetTimestamp());
                            writing = Task.Run(() => snapshots.Save(image), CancellationToken.None);
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
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // A snapshot being written is finished (it takes well under a second), not left as a temporary file.
            if (writing is not null)
            {
                await writing;
            }
        }
    }

    // The store must answer whether the snapshot belongs to it: until it does, retry as the tail does.
    private async Task<(long? Position, TimeSpan Elapsed, string? Problem)> RestoreAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                return await snapshots.RestoreAsync(state, log, stoppingToken);
            }
            catch (Exception e) when (e is not (OperationCanceledException or SnapshotImportException))
            {
                LogRestoreFailed(e);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Live state caught up with the log at position {Position} in {ElapsedMs:0} ms ({Replayed} events replayed after {From}): {Dossiers} dossiers, {Timers} timers")]
    private partial void LogCaughtUp(long position, double elapsedMs, long replayed, string from, int dossiers, int timers);

    [LoggerMessage(LogLevel.Warning, "Checking the live-state snapshot against the log failed; retrying")]
    private partial void LogRestoreFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "Event {Position} from source {Source} ({Kind}, unit {Unit}) cannot be applied and is quarantined; the tail goes on: {Reason}")]
    private static partial void LogQuarantined(ILogger logger, long position, string source, string kind, string unit, string reason);

    [LoggerMessage(LogLevel.Warning, "Reading the event log failed; retrying")]
    private partial void LogTailFailed(Exception exception);
}
