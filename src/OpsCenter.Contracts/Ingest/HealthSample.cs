using OpsCenter.Domain.Health;

namespace OpsCenter.Contracts.Ingest;

/// <summary>One health check of one system of one unit.</summary>
public sealed class HealthSample
{
    /// <summary>Official unit code, e.g. <c>26740</c>.</summary>
    public string? Unit { get; set; }

    /// <summary>System code, e.g. <c>civil-status</c>.</summary>
    public string? System { get; set; }

    public HealthStatus? Status { get; set; }

    /// <summary>Round-trip time of the check in milliseconds, when measured.</summary>
    public int? LatencyMs { get; set; }

    /// <summary>When the check ran, with an offset (UTC recommended).</summary>
    public DateTimeOffset? CheckedAt { get; set; }

    /// <summary>A short technical note, e.g. an error code. Never personal data.</summary>
    public string? Detail { get; set; }
}
