using Microsoft.Extensions.Localization;
using OpsCenter.Domain.Health;

namespace OpsCenter.Wall.Components.Tiles;

/// <summary>Names and CSS classes of system states, shared by every tile.</summary>
public static class StateText
{
    public static string Name(IStringLocalizer<WallText> text, SystemState state) => text[$"State_{state}"];

    public static string Css(SystemState state) => state switch
    {
        SystemState.Up => "state-up",
        SystemState.Maintenance => "state-maintenance",
        SystemState.Degraded => "state-degraded",
        SystemState.Stale => "state-stale",
        SystemState.Silent => "state-silent",
        SystemState.Down => "state-down",
        _ => "state-nodata",
    };

    /// <summary>The states worth a count on a tile, worst first.</summary>
    public static IReadOnlyList<SystemState> Problems { get; } =
        [SystemState.Down, SystemState.Silent, SystemState.Stale, SystemState.Degraded, SystemState.Maintenance];
}
