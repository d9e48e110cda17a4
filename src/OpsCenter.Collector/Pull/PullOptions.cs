using System.ComponentModel.DataAnnotations;

namespace OpsCenter.Collector.Pull;

public sealed class PullOptions
{
    public const string Section = "Collector:Pull";

    /// <summary>How long one check may take before it counts as down.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After this many failed checks in a row the circuit opens and the target is left alone for a while.</summary>
    [Range(1, 100)]
    public int FailuresToOpen { get; set; } = 3;

    /// <summary>How long an open circuit waits, in the source's intervals, before trying again.</summary>
    [Range(1, 100)]
    public int OpenForIntervals { get; set; } = 3;

    [Range(1, 256)]
    public int MaxConcurrentChecks { get; set; } = 16;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SourceRefreshInterval { get; set; } = TimeSpan.FromSeconds(15);
}
