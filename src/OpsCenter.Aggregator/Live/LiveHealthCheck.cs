using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OpsCenter.Aggregator.Live;

/// <summary>Unhealthy until the live state has replayed the log present at start.</summary>
internal sealed class LiveHealthCheck(LogTailer tailer, LiveState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(tailer.CaughtUp
            ? HealthCheckResult.Healthy($"At log position {state.Position}; {Started(tailer.Startup)}.")
            : HealthCheckResult.Unhealthy("Replaying the event log."));

    private static string Started(LiveStartup? s) => s is null ? "starting"
        : s.SnapshotPosition is { } p
            ? $"started from the snapshot at {p} and {s.EventsReplayed} events after it in {s.CaughtUpAfter.TotalMilliseconds:0} ms"
            : $"started from the whole log ({s.EventsReplayed} events, {s.SnapshotProblem}) in {s.CaughtUpAfter.TotalMilliseconds:0} ms";
}
