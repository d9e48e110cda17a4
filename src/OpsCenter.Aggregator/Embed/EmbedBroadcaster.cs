using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Units;

namespace OpsCenter.Aggregator.Embed;

/// <summary>
/// Fans a unit's status out to its widgets' Server-Sent Event streams. Each update is built and
/// serialized once per unit (not per viewer) and handed to every viewer's small queue; a viewer
/// too slow to keep up loses old updates, never the newest, and never slows the others.
/// </summary>
public sealed class EmbedBroadcaster(UnitCatalog units, EmbedStatusCache answers)
{
    private readonly ConcurrentDictionary<string, UnitViewers> _units = new(StringComparer.Ordinal);

    public int Viewers => _units.Values.Sum(u => u.Count);

    public Viewer Subscribe(string unit)
    {
        var viewers = _units.GetOrAdd(unit, _ => new UnitViewers());
        var viewer = new Viewer(this, unit);
        viewers.Add(viewer);
        return viewer;
    }

    /// <summary>After each publish round: the changed tiles of units somebody watches go out; cached answers of every changed unit are dropped.</summary>
    public void Publish(IEnumerable<UnitTile> changed, DateTimeOffset now)
    {
        foreach (var tile in changed)
        {
            answers.Changed(tile.Unit);
            if (_units.TryGetValue(tile.Unit, out var viewers) && viewers.Count > 0 && units.Find(tile.Unit) is { } unit)
            {
                viewers.Send(Frame("status", EmbedStatus.Of(unit, tile, now)));
            }
        }
    }

    /// <summary>One SSE event, as bytes ready to write.</summary>
    public static ReadOnlyMemory<byte> Frame(string name, object data) =>
        Encoding.UTF8.GetBytes($"event: {name}\ndata: {JsonSerializer.Serialize(data, data.GetType(), EmbedStatus.Json)}\n\n");

    private void Remove(Viewer viewer)
    {
        if (_units.TryGetValue(viewer.Unit, out var viewers))
        {
            viewers.Remove(viewer);
        }
    }

    private sealed class UnitViewers
    {
        private readonly Lock _lock = new();
        private Viewer[] _viewers = [];

        public int Count => _viewers.Length;

        public void Add(Viewer viewer)
        {
            lock (_lock)
            {
                _viewers = [.. _viewers, viewer];
            }
        }

        public void Remove(Viewer viewer)
        {
            lock (_lock)
            {
                _viewers = [.. _viewers.Where(v => v != viewer)];
            }
        }

        public void Send(ReadOnlyMemory<byte> frame)
        {
            foreach (var viewer in _viewers)
            {
                viewer.Queue.Writer.TryWrite(frame);
            }
        }
    }

    public sealed class Viewer(EmbedBroadcaster owner, string unit) : IDisposable
    {
        public string Unit { get; } = unit;

        public Channel<ReadOnlyMemory<byte>> Queue { get; } = Channel.CreateBounded<ReadOnlyMemory<byte>>(
            new BoundedChannelOptions(4) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false });

        public void Dispose() => owner.Remove(this);
    }
}
