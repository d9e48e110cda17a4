using System.ComponentModel.DataAnnotations;

namespace OpsCenter.Collector.Pull;

public sealed class PullOptions : IValidatableObject
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

    /// <summary>The most of a health answer's body that is read; a bigger answer is a failed check.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Targets on loopback, link-local, private, shared (CGNAT), unspecified, multicast or reserved
    /// addresses that may still be polled: CIDR ranges (<c>10.20.0.0/16</c>), addresses with or without a
    /// port (<c>10.20.3.4</c>, <c>10.20.3.4:8080</c>, <c>[fd00::5]:443</c>) or host names as written in
    /// the health URL, with or without a port (<c>hotich.internal</c>, <c>localhost:5090</c>).
    /// </summary>
    public List<string> AllowedTargets { get; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        AllowedTargets
            .Where(entry => !TargetPolicy.TryParseEntry(entry, out _))
            .Select(entry => new ValidationResult(
                $"'{entry}' is not a CIDR range, an address[:port] or a host[:port].", [nameof(AllowedTargets)]));
}
