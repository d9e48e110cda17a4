using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Units;
using OpsCenter.Wall.Layouts;

namespace OpsCenter.Wall.Live;

/// <summary>How current a tile's data is. Missing (never had any) and stale (too old, or the live link is down) never look fresh.</summary>
public enum Freshness
{
    Missing,
    Fresh,
    Stale,
}

/// <summary>What a tile shows the age of, and whether it is fresh.</summary>
public sealed record TileAge(Freshness Freshness, DateTimeOffset? AsOf);

/// <summary>
/// Every tile's data age, by what the tile shows: health tiles the newest sample of their scope
/// (stale after 5 minutes, <c>staleAfterSeconds</c> to change), dossier tiles the newest dossier
/// event (24 hours), the 766 ranking the newest published score (8 days), the lists the last
/// successful read (45 s; the alerts 15 s, read every 2 s). Everything is stale while the Wall's live link has been down for more
/// than 15 s: the figures may have changed without the wall knowing.
/// </summary>
public sealed class TileFreshness(LiveMirror mirror, QueryFeed feed, AlertFeed alerts, UnitCatalog units)
{
    public static readonly TimeSpan LinkGrace = TimeSpan.FromSeconds(15);

    public static readonly IReadOnlyList<string> Kinds =
        ["unit-grid", "health-summary", "health-matrix", "map", "kpi-strip", "falling-behind", "ranking-766", "changes", "late-ticker", "incidents", "alerts", "clock"];

    public TileAge Of(TileLayout tile, TileScope scope, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tile);
        ArgumentNullException.ThrowIfNull(scope);
        var linkDown = mirror.DownSince is { } down && now - down > LinkGrace;
        // Only the kinds that show units' data look at the scope's tiles; lists and the clock do not.
        IEnumerable<UnitTile> scoped = scope.Filter(units.CommuneLevel.Concat(units.Departments)).Select(u => mirror.Tile(u.Code)).OfType<UnitTile>();
        (DateTimeOffset? asOf, TimeSpan limit) = tile.Kind switch
        {
            "unit-grid" or "health-summary" or "health-matrix" => (Newest(scoped.Select(t => t.LastSampleAt)), Limit(tile, TimeSpan.FromMinutes(5))),
            "map" when tile.Options?.GetValueOrDefault("colorBy") == "onTimeRate" => (Newest(scoped.Select(t => t.Kpis?.LastDossierEventAt)), Limit(tile, TimeSpan.FromHours(24))),
            "map" => (Newest(scoped.Select(t => t.LastSampleAt)), Limit(tile, TimeSpan.FromMinutes(5))),
            "kpi-strip" or "falling-behind" => (Newest(scoped.Select(t => t.Kpis?.LastDossierEventAt).Append(mirror.Tile(scope.Rollup)?.Kpis?.LastDossierEventAt)), Limit(tile, TimeSpan.FromHours(24))),
            "ranking-766" => (Newest(scoped.Select(t => t.Kpis?.Official766?.PublishedAt)), Limit(tile, TimeSpan.FromDays(8))),
            "changes" or "clock" => (mirror.LastMessageAt, TimeSpan.MaxValue),
            "late-ticker" or "incidents" => (feed.RefreshedAt, Limit(tile, TimeSpan.FromSeconds(45))),
            "alerts" => (alerts.RefreshedAt, Limit(tile, TimeSpan.FromSeconds(15))),
            _ => (null, TimeSpan.MaxValue),
        };
        if (asOf is null)
        {
            return new TileAge(Freshness.Missing, null);
        }
        var stale = linkDown || (limit != TimeSpan.MaxValue && now - asOf.Value > limit);
        return new TileAge(stale ? Freshness.Stale : Freshness.Fresh, asOf);
    }

    private static DateTimeOffset? Newest(IEnumerable<DateTimeOffset?> times) => times.Where(t => t is not null).Max();

    private static TimeSpan Limit(TileLayout tile, TimeSpan fallback) =>
        int.TryParse(tile.Options?.GetValueOrDefault("staleAfterSeconds"), out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : fallback;
}
