using System.ComponentModel.DataAnnotations;

namespace OpsCenter.Simulator.Extensions;

public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>Off in tests that own their data: the process runs, but sends nothing.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The same seed gives the same city.</summary>
    public int Seed { get; set; } = 20250701;

    /// <summary>Where to send data: the gateway. Defaults to the Aspire service reference.</summary>
    public string? IngestUrl { get; set; }

    /// <summary>The simulator's source key, as issued by the collector.</summary>
    public string? ApiKey { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Systems (<c>unit/system</c>) that do not push: they expose <c>GET /pull/{unit}/{system}</c>
    /// and the collector polls them, as some wards' systems do.
    /// </summary>
    public List<string> PulledSystems { get; } = [];
}
