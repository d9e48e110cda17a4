namespace OpsCenter.Wall.Live;

public sealed class LiveMirrorOptions
{
    public const string Section = "LiveMirror";

    /// <summary>The aggregator's base URL; defaults to the Aspire service reference.</summary>
    public string? AggregatorUrl { get; set; }

    /// <summary>The Wall server's own service key for the aggregator.</summary>
    public string? ServiceKey { get; set; }

    /// <summary>The longest wait between two connection attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}
