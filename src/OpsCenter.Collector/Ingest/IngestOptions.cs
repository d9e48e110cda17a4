using System.ComponentModel.DataAnnotations;

namespace OpsCenter.Collector.Ingest;

public sealed class IngestOptions
{
    public const string Section = "Collector";

    /// <summary>How far in the future a timestamp may be (clock skew) before it is refused.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest request body accepted, in bytes.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;
}
