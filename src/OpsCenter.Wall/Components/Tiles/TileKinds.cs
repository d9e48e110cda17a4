using System.Collections.Frozen;
using OpsCenter.Contracts.Live;
using OpsCenter.Wall.Live;

namespace OpsCenter.Wall.Components.Tiles;

/// <summary>
/// One kind of tile a layout may name: the component that draws it and what its data's age is
/// (the newest time it shows, and how old that may get before the tile says it is stale).
/// </summary>
public sealed record TileKind(string Name, Type Component, Func<TileData, (DateTimeOffset? AsOf, TimeSpan Limit)> Age);

/// <summary>
/// Every tile kind, in one place: <see cref="TileHost"/> renders a layout's tile from here and
/// <see cref="TileFreshness"/> judges its age from here. Health tiles show the newest sample of their
/// scope (stale after 5 minutes, <c>staleAfterSeconds</c> to change), dossier tiles the newest dossier
/// event (24 hours), the 766 ranking the newest published score (8 days), the lists the last
/// successful read (45 s; the alerts 15 s, read every 2 s); the changes and the clock are as old as the
/// last live message and never stale by age.
/// </summary>
public static class TileKinds
{
    private static readonly TimeSpan Health = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Dossiers = TimeSpan.FromHours(24);
    private static readonly TimeSpan Scores = TimeSpan.FromDays(8);
    private static readonly TimeSpan Lists = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan Alerts = TimeSpan.FromSeconds(15);

    public static IReadOnlyList<TileKind> All { get; } =
    [
        new("unit-grid", typeof(UnitGridTile), d => (Newest(d.Scoped.Select(t => t.LastSampleAt)), d.Limit(Health))),
        new("health-summary", typeof(HealthSummaryTile), d => (Newest(d.Scoped.Select(t => t.LastSampleAt)), d.Limit(Health))),
        new("health-matrix", typeof(HealthMatrixTile), d => (Newest(d.Scoped.Select(t => t.LastSampleAt)), d.Limit(Health))),
        new("map", typeof(MapTile), d => d.Tile.Options?.GetValueOrDefault("colorBy") == "onTimeRate"
            ? (Newest(d.Scoped.Select(t => t.Kpis?.LastDossierEventAt)), d.Limit(Dossiers))
            : (Newest(d.Scoped.Select(t => t.LastSampleAt)), d.Limit(Health))),
        new("kpi-strip", typeof(KpiStripTile), DossierAge),
        new("falling-behind", typeof(FallingBehindTile), DossierAge),
        new("ranking-766", typeof(RankingTile), d => (Newest(d.Scoped.Select(t => t.Kpis?.Official766?.PublishedAt)), d.Limit(Scores))),
        new("changes", typeof(ChangesTile), d => (d.Mirror.LastMessageAt, TimeSpan.MaxValue)),
        new("late-ticker", typeof(LateTickerTile), d => (d.ListsReadAt, d.Limit(Lists))),
        new("incidents", typeof(IncidentsTile), d => (d.ListsReadAt, d.Limit(Lists))),
        new("alerts", typeof(AlertsTile), d => (d.AlertsReadAt, d.Limit(Alerts))),
        new("clock", typeof(ClockTile), d => (d.Mirror.LastMessageAt, TimeSpan.MaxValue)),
    ];

    private static readonly FrozenDictionary<string, TileKind> ByName = All.ToFrozenDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>The kind a layout names, or null for a kind the Wall does not know (the tile says so).</summary>
    public static TileKind? Find(string? name) => name is null ? null : ByName.GetValueOrDefault(name);

    private static (DateTimeOffset?, TimeSpan) DossierAge(TileData d) =>
        (Newest(d.Scoped.Select(t => t.Kpis?.LastDossierEventAt).Append(d.Mirror.Tile(d.Scope.Rollup)?.Kpis?.LastDossierEventAt)), d.Limit(Dossiers));

    private static DateTimeOffset? Newest(IEnumerable<DateTimeOffset?> times) => times.Where(t => t is not null).Max();
}
