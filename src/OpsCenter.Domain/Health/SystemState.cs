namespace OpsCenter.Domain.Health;

/// <summary>
/// What a tile shows for one system, from its last status and how fresh that status is.
/// A stale or silent report is never shown as its old status: we no longer know it.
/// </summary>
public enum SystemState
{
    NoData = 0,
    Up = 1,
    Maintenance = 2,
    Degraded = 3,
    Stale = 4,
    Silent = 5,
    Down = 6,
}

public static class SystemStates
{
    /// <summary>Combines the last reported status with its freshness.</summary>
    public static SystemState From(HealthStatus status, Freshness freshness) => freshness switch
    {
        Freshness.Stale => SystemState.Stale,
        Freshness.Silent => SystemState.Silent,
        _ => status switch
        {
            HealthStatus.Up => SystemState.Up,
            HealthStatus.Degraded => SystemState.Degraded,
            HealthStatus.Down => SystemState.Down,
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
        },
    };

    /// <summary>
    /// The worst of several states; the enum's order is the severity order: down first, then
    /// no report for a long time, then degraded. <see cref="SystemState.NoData"/> when empty.
    /// </summary>
    public static SystemState Worst(IEnumerable<SystemState> states)
    {
        var worst = SystemState.NoData;
        foreach (var state in states)
        {
            if (state > worst)
            {
                worst = state;
            }
        }
        return worst;
    }
}
