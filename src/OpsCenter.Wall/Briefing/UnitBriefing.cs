using OpsCenter.Contracts.Query;
using OpsCenter.Domain.Units;

namespace OpsCenter.Wall.Briefing;

/// <summary>Where a unit stands on one measure among its peers (communes, or departments).</summary>
public sealed record Standing(int? Rank, int OutOf, double? Value, double? Median);

/// <summary>Everything a unit's briefing page and its printed briefing show, read at one moment.</summary>
public sealed record UnitBriefing(
    Unit Unit,
    string Period,
    DateTimeOffset AsOf,
    UnitView? View,
    UnitKpiReport? Kpis,
    UnitHealth? Health,
    LateDossierList? Late,
    ChangeList? Changes,
    Series? OnTimeTrend,
    Series? ReceivedTrend,
    Standing? Index766,
    Standing? OnTime)
{
    /// <summary>Reads the parts side by side (each is one call to the aggregator).</summary>
    public static async Task<UnitBriefing> LoadAsync(QueryClient query, Unit unit, string period, TimeProvider time, CancellationToken cancellationToken)
    {
        var among = unit.Kind == UnitKind.Department ? "departments" : "communes";
        var view = query.UnitAsync(unit.Code, cancellationToken);
        var kpis = query.KpisAsync(unit.Code, period, cancellationToken);
        var health = query.HealthAsync(unit.Code, cancellationToken);
        var late = query.LateDossiersAsync(unit.Code, 50, cancellationToken);
        var changes = query.ChangesAsync(unit.Code, 20, cancellationToken);
        var onTime = query.SeriesAsync(unit.Code, "onTimeRate", "30d", cancellationToken);
        var received = query.SeriesAsync(unit.Code, "received", "30d", cancellationToken);
        var isCity = unit.Kind == UnitKind.City;
        var index = isCity ? Task.FromResult<Ranking?>(null) : query.RankingAsync("index766", among, period, cancellationToken);
        var rate = isCity ? Task.FromResult<Ranking?>(null) : query.RankingAsync("onTimeRate", among, period, cancellationToken);
        await Task.WhenAll(view, kpis, health, late, changes, onTime, received, index, rate);
        return new UnitBriefing(unit, period, time.GetUtcNow(), view.Result, kpis.Result, health.Result, late.Result, changes.Result,
            onTime.Result, received.Result, StandingIn(index.Result, unit.Code), StandingIn(rate.Result, unit.Code));
    }

    public static Standing? StandingIn(Ranking? ranking, string code)
    {
        if (ranking is null)
        {
            return null;
        }
        var values = ranking.Rows.Where(r => r.Value is not null).Select(r => r.Value!.Value).Order().ToArray();
        double? median = values.Length == 0 ? null
            : values.Length % 2 == 1 ? values[values.Length / 2] : (values[(values.Length / 2) - 1] + values[values.Length / 2]) / 2;
        var row = ranking.Rows.FirstOrDefault(r => r.Unit == code);
        return new Standing(row?.Rank, values.Length, row?.Value, median);
    }
}
