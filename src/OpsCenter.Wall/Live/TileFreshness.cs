using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Units;
using OpsCenter.Wall.Components.Tiles;
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

/// <summary>What a tile kind's age rule reads: the tile, its scope, the mirror, the scope's unit tiles and when the lists were read.</summary>
public sealed record TileData(TileLayout Tile, TileScope Scope, ILiveMirror Mirror, IEnumerable<UnitTile> Scoped, DateTimeOffset? ListsReadAt, DateTimeOffset? AlertsReadAt)
{
    /// <summary>The tile's own <c>staleAfterSeconds</c>, or the kind's limit.</summary>
    public TimeSpan Limit(TimeSpan fallback) =>
        int.TryParse(Tile.Options?.GetValueOrDefault("staleAfterSeconds"), out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : fallback;
}

/// <summary>
/// Every tile's data age, by the rule of its kind (<see cref="TileKinds"/>). Everything is stale while
/// the Wall's live link has been down for more than 15 s: the figures may have changed without the wall knowing.
/// </summary>
public sealed class TileFreshness(ILiveMirror mirror, QueryFeed feed, AlertFeed alerts, UnitCatalog units)
{
    public static readonly TimeSpan LinkGrace = TimeSpan.FromSeconds(15);

    public TileAge Of(TileLayout tile, TileScope scope, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tile);
        ArgumentNullException.ThrowIfNull(scope);
        if (TileKinds.Find(tile.Kind) is not { } kind)
        {
            return new TileAge(Freshness.Missing, null);
        }
        var linkDown = mirror.DownSince is { } down && now - down > LinkGrace;
        // Read lazily: only the kinds that show units' data look at the scope's tiles; lists and the clock do not.
        var scoped = scope.Filter(units.CommuneLevel.Concat(units.Departments)).Select(u => mirror.Tile(u.Code)).OfType<UnitTile>();
        var (asOf, limit) = kind.Age(new TileData(tile, scope, mirror, scoped, feed.RefreshedAt, alerts.RefreshedAt));
        if (asOf is null)
        {
            return new TileAge(Freshness.Missing, null);
        }
        var stale = linkDown || (limit != TimeSpan.MaxValue && now - asOf.Value > limit);
        return new TileAge(stale ? Freshness.Stale : Freshness.Fresh, asOf);
    }
}
