using System.Collections.Concurrent;

namespace OpsCenter.Simulator.Feeds;

/// <summary>What the simulator has sent so far, for <c>GET /status</c>, the logs and the tests.</summary>
public sealed class SimulatorStatus
{
    private readonly ConcurrentDictionary<string, KindCounters> _kinds = new(StringComparer.Ordinal);

    public DateTimeOffset? BackfillStartedAt { get; set; }

    public DateTimeOffset? BackfillFinishedAt { get; set; }

    public DateTimeOffset? BackfillFrom { get; set; }

    public int BackfillBatches { get; set; }

    public int BackfillEvents { get; set; }

    public double? BackfillSeconds => BackfillFinishedAt - BackfillStartedAt is { } d ? Math.Round(d.TotalSeconds, 1) : null;

    public IReadOnlyDictionary<string, KindCounters> Kinds => _kinds;

    public void Sent(string kind, int items, bool replayed)
    {
        var counters = _kinds.GetOrAdd(kind, _ => new KindCounters());
        counters.Add(items, replayed);
    }

    public sealed class KindCounters
    {
        private long _batches, _items, _replayed;

        public long Batches => Interlocked.Read(ref _batches);

        public long Items => Interlocked.Read(ref _items);

        /// <summary>Batches the collector had already stored (a restart re-sending the same keys).</summary>
        public long ReplayedBatches => Interlocked.Read(ref _replayed);

        internal void Add(int items, bool replayed)
        {
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _items, items);
            if (replayed)
            {
                Interlocked.Increment(ref _replayed);
            }
        }
    }
}
