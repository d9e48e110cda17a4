using System.ComponentModel.DataAnnotations;

namespace OpsCenter.Aggregator.Alerts;

/// <summary>The <c>Alerts</c> section: how the <see cref="AlertEngine"/> ticks and reaches the collector.</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>The collector as service discovery names it (the AppHost's reference); <see cref="CollectorUrl"/> overrides.</summary>
    public const string DefaultCollectorUrl = "https+http://collector";

    /// <summary>
    /// How often the rules are evaluated against the live state. A condition is seen up to one tick
    /// late, so this is most of the alert latency over the grouping wait: 2 s keeps the p99 from the
    /// condition holding to the mail accepted under 5 s (docs/PERFORMANCE.md, issue 14; 5 s gave 5.2 s).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an alert waits for more units of the same cause after its first is ready (one alert, not one per unit).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan GroupWait { get; set; } = Domain.Alerts.AlertEvaluatorOptions.DefaultGroupWait;

    /// <summary>A collector admin key of the <c>alert-writer</c> role. Empty: the engine does not run (logged once).</summary>
    public string? WriterKey { get; set; }

    /// <summary>The collector's base address; empty for <see cref="DefaultCollectorUrl"/>.</summary>
    public string? CollectorUrl { get; set; }
}
