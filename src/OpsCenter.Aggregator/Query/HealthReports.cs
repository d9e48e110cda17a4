using OpsCenter.Aggregator.Health;
using OpsCenter.Aggregator.Live;
using OpsCenter.Aggregator.Scopes;
using OpsCenter.Contracts.Query;
using OpsCenter.Domain.Health;

namespace OpsCenter.Aggregator.Query;

/// <summary>
/// Health over time, for the query API, from the live state's runs of raw samples, the store's hourly rollups and the
/// maintenance windows. The query API and the availability ranking use these same figures.
/// </summary>
public sealed class HealthReports(LiveState state, ScopeMembers scopes, MaintenanceBook maintenance, HealthRollups rollups)
{
    public static readonly IReadOnlyDictionary<string, TimeSpan> Ranges = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        ["24h"] = TimeSpan.FromHours(24),
        ["7d"] = TimeSpan.FromDays(7),
        ["30d"] = TimeSpan.FromDays(30),
    };

    public async Task<UnitHealth> UnitAsync(string code, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tile = state.Tile(code, now);
        if (scopes.IsRollup(code))
        {
            var members = new List<UnitHealth>();
            foreach (var member in scopes.MembersOf(code).Where(m => m != code))
            {
                members.Add(await UnitAsync(member, now, cancellationToken));
            }
            return new UnitHealth(code, now, tile.State,
                AvailabilityFigures.Sum(members.Select(m => m.Last24h)), AvailabilityFigures.Sum(members.Select(m => m.Last30d)), []);
        }
        var hours = await rollups.HoursAsync(code, cancellationToken);
        var systems = state.HistorySystems(code).Concat(hours.Select(h => h.System)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var list = new List<SystemHealth>();
        foreach (var system in systems)
        {
            var shown = tile.Systems.FirstOrDefault(s => s.System == system);
            list.Add(new SystemHealth(system, shown?.State ?? SystemState.NoData, shown?.CheckedAt,
                Figures(code, system, hours, now - Ranges["24h"], now), Figures(code, system, hours, now - Ranges["30d"], now)));
        }
        return new UnitHealth(code, now, tile.State,
            AvailabilityFigures.Sum(list.Select(s => s.Last24h)), AvailabilityFigures.Sum(list.Select(s => s.Last30d)), list);
    }

    public async Task<SystemTimeline> TimelineAsync(string code, string system, string range, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var from = now - Ranges[range];
        var hours = await rollups.HoursAsync(code, cancellationToken);
        var (segments, figures) = Build(code, system, hours, from, now);
        return new SystemTimeline(code, system, range, from, now, figures, segments);
    }

    private AvailabilityFigures Figures(string code, string system, IReadOnlyList<Storage.Retention.HealthHour> hours, DateTimeOffset from, DateTimeOffset to) =>
        Build(code, system, hours, from, to).Figures;

    private (IReadOnlyList<TimelineSegment>, AvailabilityFigures Figures) Build(
        string code, string system, IReadOnlyList<Storage.Retention.HealthHour> hours, DateTimeOffset from, DateTimeOffset to)
    {
        var (runs, coveredFrom) = state.History(code, system, from);
        return HealthTimeline.Build(runs, coveredFrom, hours.Where(h => h.System == system),
            maintenance.For(code, system, from, to), from, to);
    }
}
