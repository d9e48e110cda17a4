namespace OpsCenter.Aggregator.Tests;

/// <summary>
/// Tests that read a gauge on <c>/metrics</c>. Every test host of the process registers the same
/// instruments (the meter is named after the service), and the export shows one host's measurement:
/// these classes run alone, after the parallel ones, so the value they read is their own host's.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}
