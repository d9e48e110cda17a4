using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OpsCenter.Aggregator.Live;

/// <summary>Unhealthy until the live state has replayed the log present at start.</summary>
internal sealed class LiveHealthCheck(LogTailer tailer, LiveState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(tailer.CaughtUp
            ? HealthCheckResult.Healthy($"At log position {state.Position}.")
            : HealthCheckResult.Unhealthy("Replaying the event log."));
}
