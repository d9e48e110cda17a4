using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using OpsCenter.Aggregator.Live;
using OpsCenter.Contracts.Live;
using OpsCenter.Domain.People;
using OpsCenter.Domain.Units;

namespace OpsCenter.Aggregator.Embed;

/// <summary>
/// Fans a unit's status out to its widgets' Server-Sent Event streams. Each update is built and
/// serialized once per unit (not per viewer) and handed to every viewer's small queue; a viewer
/// too slow to keep up loses old updates, never the newest, and never slows the others. The tokens
/// in use are re-checked by a sweep (<see cref="EmbedTokenSweep"/>), once per token.
/// </summary>
public sealed class EmbedBroadcaster(UnitCatalog units, EmbedStatusCache answers) : ITileSubscriber
{
    private readonly ConcurrentDictionary<string, UnitViewers> _units = new(StringComparer.Ordinal);

    public int Viewers => _units.Values.Sum(u => u.Count);

    /// <summary>A viewer of <paramref name="unit"/>'s stream, shown with <paramref name="token"/> on a page of <paramref name="origin"/> (null: none sent).</summary>
    public Viewer Subscribe(string unit, string token, string? origin)
    {
        var viewers = _units.GetOrAdd(unit, _ => new UnitViewers());
        var viewer = new Viewer(this, unit, token, origin);
        viewers.Add(viewer);
        return viewer;
    }

    /// <summary>
    /// Checks every token in use once (not once per viewer) and closes the streams of those no
    /// longer allowed (revoked) with a <c>refused</c> event saying why. A failed
    /// check (the store unreachable) closes nothing. Returns the number of viewers refused.
    /// </summary>
    public async Task<int> SweepAsync(EmbedAccess access, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        var refused = 0;
        var groups = _units.Values.SelectMany(u => u.All).GroupBy(v => (v.Unit, v.Token, v.Origin));
        foreach (var group in groups)
        {
            var (_, refusal) = await access.CheckAsync(group.Key.Token, group.Key.Unit, EmbedKinds.Card, group.Key.Origin, cancellationToken);
            if (refusal is null)
            {
                continue;
            }
            var frame = Frame("refused", refusal);
            foreach (var viewer in group)
            {
                viewer.Refuse(frame);
                refused++;
            }
        }
        return refused;
    }

    /// <summary>After each publish round: the changed tiles of units somebody watches go out; cached answers of every changed unit are dropped.</summary>
    public void Publish(IReadOnlyList<UnitTile> changed, DateTimeOffset now)
    {
        foreach (var tile in changed)
        {
            if (_units.TryGetValue(tile.Unit, out var viewers) && viewers.Count > 0 && units.Find(tile.Unit) is { } unit)
            {
                viewers.Send(answers.Changed(unit, tile, now).Frame);
            }
            else
            {
                answers.Changed(tile.Unit);
            }
        }
    }

    /// <summary>One SSE event, as bytes ready to write.</summary>
    public static ReadOnlyMemory<byte> Frame(string name, object data) =>
        Frame(name, JsonSerializer.SerializeToUtf8Bytes(data, data.GetType(), EmbedStatus.Json));

    /// <summary>One SSE event around JSON already serialized.</summary>
    public static ReadOnlyMemory<byte> Frame(string name, ReadOnlySpan<byte> json) =>
        (byte[])[.. Encoding.UTF8.GetBytes($"event: {name}\ndata: "), .. json, .. "\n\n"u8];

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

        public IReadOnlyList<Viewer> All => _viewers;

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

    public sealed class Viewer(EmbedBroadcaster owner, string unit, string token, string? origin) : IDisposable
    {
        public string Unit { get; } = unit;

        public string Token { get; } = token;

        public string? Origin { get; } = origin;

        public Channel<ReadOnlyMemory<byte>> Queue { get; } = Channel.CreateBounded<ReadOnlyMemory<byte>>(
            new BoundedChannelOptions(4) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false });

        /// <summary>The last event of the stream: the reader writes it, then finds the queue closed.</summary>
        public void Refuse(ReadOnlyMemory<byte> frame)
        {
            Queue.Writer.TryWrite(frame);
            Queue.Writer.TryComplete();
        }

        public void Dispose() => owner.Remove(this);
    }
}
