namespace OpsCenter.Domain.Health;

/// <summary>What a system says about itself in a health sample.</summary>
public enum HealthStatus
{
    Up,
    Degraded,
    Down,
}
