using OpsCenter.Contracts.Live;

namespace OpsCenter.Wall.Live;

/// <summary>What a delta did to the mirror.</summary>
public enum DeltaOutcome
{
    /// <summary>The next in sequence: applied.</summary>
    Applied,

    /// <summary>Arrived while a snapshot is being taken: kept until the snapshot says where it starts.</summary>
    Buffered,

    /// <summary>Already in the mirror (an old or repeated sequence number): ignored.</summary>
    Ignored,

    /// <summary>Deltas were missed: the mirror needs a fresh snapshot.</summary>
    Gap,
}

/// <summary>
/// The live mirror's state with no connection and no lock: the tiles, the sequence number, the link and
/// the changes the deltas carried. The hub connection feeds it snapshots, deltas and heartbeats
/// (<see cref="LiveMirror"/> holds the one lock around it), and it says when a fresh snapshot is needed.
/// </summary>
public sealed class MirrorState
{
    /// <summary>How many of the changes the deltas carried are kept (the changes tile shows 12).</summary>
    public const int ChangesKept = 100;

    private readonly Dictionary<string, UnitTile> _tiles = new(StringComparer.Ordinal);
    private readonly List<LiveDelta> _pending = [];
    private List<LiveChange> _changes = [];

    public long Seq { get; private set; }

    public bool HasSnapshot { get; private set; }

    public bool HasData => HasSnapshot || _tiles.Count > 0;

    public LinkState Link { get; private set; } = LinkState.Connecting;

    /// <summary>When the link was last known good (a message arrived), or null if never.</summary>
    public DateTimeOffset? LastMessageAt { get; private set; }

    /// <summary>When the current outage started, or null while live.</summary>
    public DateTimeOffset? DownSince { get; private set; }

    /// <summary>The changes the applied deltas carried, the newest delta's first.</summary>
    public IReadOnlyList<LiveChange> Changes => _changes;

    public UnitTile? Tile(string unit) => _tiles.GetValueOrDefault(unit);

    /// <summary>A snapshot was asked for: deltas from now on wait for it.</summary>
    public void BeginSnapshot()
    {
        HasSnapshot = false;
        _pending.Clear();
    }

    /// <summary>
    /// Replaces the tiles with the snapshot and applies the deltas that raced it, in order. False when
    /// those deltas have a gap: the mirror needs another snapshot.
    /// </summary>
    public bool ApplySnapshot(LiveSnapshot snapshot, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _tiles.Clear();
        foreach (var tile in snapshot.Units)
        {
            _tiles[tile.Unit] = tile;
        }
        Seq = snapshot.Seq;
        HasSnapshot = true;
        foreach (var delta in _pending.Where(d => d.Seq > Seq).OrderBy(d => d.Seq).DistinctBy(d => d.Seq))
        {
            if (delta.Seq != Seq + 1)
            {
                HasSnapshot = false;
                break;
            }
            Apply(delta);
        }
        _pending.Clear();
        MarkAlive(now);
        return HasSnapshot;
    }

    public DeltaOutcome ApplyDelta(LiveDelta delta, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(delta);
        MarkAlive(now);
        if (!HasSnapshot)
        {
            _pending.Add(delta);
            return DeltaOutcome.Buffered;
        }
        if (delta.Seq <= Seq)
        {
            return DeltaOutcome.Ignored;
        }
        if (delta.Seq > Seq + 1)
        {
            return DeltaOutcome.Gap;
        }
        Apply(delta);
        return DeltaOutcome.Applied;
    }

    /// <summary>A heartbeat says the link is alive and where the sequence is: true when deltas were missed.</summary>
    public bool ApplyHeartbeat(LiveHeartbeat heartbeat, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        MarkAlive(now);
        return HasSnapshot && heartbeat.Seq > Seq;
    }

    /// <summary>The link is down or reconnecting: the outage starts now unless it already had.</summary>
    public void SetLink(LinkState state, DateTimeOffset now)
    {
        if (state != LinkState.Live && DownSince is null)
        {
            DownSince = now;
        }
        Link = state;
    }

    private void MarkAlive(DateTimeOffset now)
    {
        LastMessageAt = now;
        DownSince = null;
        Link = LinkState.Live;
    }

    private void Apply(LiveDelta delta)
    {
        foreach (var tile in delta.Units)
        {
            _tiles[tile.Unit] = tile;
        }
        Seq = delta.Seq;
        if (delta.Changes is { Count: > 0 } changes)
        {
            _changes = [.. changes.Concat(_changes).Take(ChangesKept)];
        }
    }
}
