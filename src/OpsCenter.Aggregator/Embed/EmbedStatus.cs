using System.Text.Json;
using System.Text.Json.Serialization;
using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;

namespace OpsCenter.Aggregator.Embed;

/// <summary>One system on a widget: its code, names and state.</summary>
public sealed record EmbedSystem(string Code, string Name, string NameEn, string State);

/// <summary>
/// What a unit's widget shows, small and public: no dossier ids, no people. Rates are this
/// month's, from counts (null when there is nothing to divide). <see cref="DataAt"/> is the newest
/// data the unit sent (the widget shows its age); <see cref="GeneratedAt"/> when this was built.
/// </summary>
public sealed record EmbedStatus(
    string Unit,
    string Name,
    string NameEn,
    string State,
    IReadOnlyList<EmbedSystem> Systems,
    double? OnTimeRate,
    int? ToHandle,
    int? LateInProgress,
    double? OnlineShare,
    int? ApologyLetters,
    DateTimeOffset? DataAt,
    DateTimeOffset GeneratedAt)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static EmbedStatus Of(Unit unit, UnitTile tile, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(tile);
        var month = tile.Kpis?.Month;
        var newest = new[] { tile.LastSampleAt, tile.Kpis?.LastDossierEventAt }.Where(t => t is not null).Max();
        return new EmbedStatus(unit.Code, unit.Name, unit.NameEn, Camel(tile.State),
            [.. tile.Systems.Select(s => SystemCatalog.Find(s.System) is { } kind
                ? new EmbedSystem(s.System, kind.Name, kind.NameEn, Camel(s.State))
                : new EmbedSystem(s.System, s.System, s.System, Camel(s.State)))],
            month?.OnTimeRate, month?.ToHandle, month?.InProgressLate, month?.OnlineShare, month?.ApologyLetters, newest, now);
    }

    private static string Camel(SystemState state) => state switch
    {
        SystemState.NoData => "noData",
        _ => char.ToLowerInvariant(state.ToString()[0]) + state.ToString()[1..],
    };
}
