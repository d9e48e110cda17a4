using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OpsCenter.Aggregator.Health;
using OpsCenter.Aggregator.Live;
using OpsCenter.Contracts.Query;
using OpsCenter.Storage.Retention;

namespace OpsCenter.Aggregator.Query;

/// <summary>
/// The store's hourly health rollups (raw samples older than the collector's retention window,
/// folded) for the last 30 days, per unit, re-read at most once per
/// <see cref="LiveOptions.RollupRefreshInterval"/>: they only change when the collector folds.
/// </summary>
public sealed class HealthRollups(HealthRetention retention, IOptionsMonitor<LiveOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset ReadAt, IReadOnlyList<HealthHour> Hours)> _byUnit = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<HealthHour>> HoursAsync(string unit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_byUnit.TryGetValue(unit, out var cached) && now - cached.ReadAt < options.CurrentValue.RollupRefreshInterval)
        {
            return cached.Hours;
        }
        var hours = await retention.ListHoursAsync(unit, now - HealthHistory.Kept, cancellationToken);
        _byUnit[unit] = (now, hours);
        return hours;
    }
}
