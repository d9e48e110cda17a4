using System.Diagnostics.Metrics;

namespace OpsCenter.Collector.Ingest;

/// <summary>
/// What the collector took in, for dashboards and alerts: batches by kind and outcome (stored,
/// replayed, or the refusal's status), and items stored by kind. Exported on <c>/metrics</c> as
/// <c>opscenter_collector_ingest_batches</c> and <c>opscenter_collector_ingest_items</c> (prometheus-net
/// exports .NET counters as gauges that only grow).
/// Per source is left out (hundreds of series); the sources page lists each source's refusals.
/// </summary>
internal sealed class IngestMetrics
{
    private readonly Counter<long> _batches;
    private readonly Counter<long> _items;

    public IngestMetrics(IMeterFactory meters)
    {
        var meter = meters.Create("OpsCenter.Collector");
        _batches = meter.CreateCounter<long>("ingest.batches", "{batch}", "Batches pushed by sources, by kind and outcome.");
        _items = meter.CreateCounter<long>("ingest.items", "{item}", "Items stored, by kind (a replayed batch adds none).");
    }

    public void Stored(string kind, int items, bool replayed)
    {
        _batches.Add(1, new("kind", kind), new("outcome", replayed ? "replayed" : "stored"));
        if (!replayed)
        {
            _items.Add(items, new KeyValuePair<string, object?>("kind", kind));
        }
    }

    public void Refused(string kind, int status) =>
        _batches.Add(1, new("kind", kind), new("outcome", status switch
        {
            StatusCodes.Status400BadRequest => "invalid",
            StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden => "forbidden",
            StatusCodes.Status409Conflict => "conflict",
            StatusCodes.Status413PayloadTooLarge => "too-large",
            _ => "refused",
        }));
}
