using System.ComponentModel.DataAnnotations;

namespace OpsCenter.Aggregator.Live;

public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>
    /// How often the log is polled when the aggregator has caught up: the most an event waits
    /// before it is applied (50 ms: a widget 10,000 people watch updates within 1.1-1.5x a bare
    /// stream's time from the POST, for half a point of a core at idle; docs/PERFORMANCE.md, issue 8).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan TailInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Deltas are coalesced and sent at most once per interval per scope.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10")]
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The reporting interval assumed for a source whose own interval is unknown.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DefaultExpectedInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often sources' promised intervals are re-read from the store.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SourceRefreshInterval { get; set; } = TimeSpan.FromSeconds(15);

    [Range(100, 100_000)]
    public int TailBatchSize { get; set; } = 5000;

    /// <summary>How often the store's hourly health rollups of a unit are re-read (they change only when the collector folds).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan RollupRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether the live state is written to a snapshot file (after the replay at start, then every
    /// <see cref="SnapshotInterval"/> while the log moves) and loaded from it at start, so that only
    /// the tail after it is replayed. A missing, corrupt, old-format or foreign snapshot is ignored
    /// (the whole log is replayed, as without snapshots).
    /// </summary>
    public bool Snapshots { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The snapshot file; empty for <c>live-state.snapshot</c> in the store's data folder (<c>Store:DataPath</c>).</summary>
    public string? SnapshotPath { get; set; }

    /// <summary>Changes kept in memory for the feed (newest kept).</summary>
    [Range(100, 1_000_000)]
    public int ChangesKept { get; set; } = 5000;

    /// <summary>A rise of at least this many late dossiers within one publish period is a change.</summary>
    [Range(1, 100_000)]
    public int LateJumpCount { get; set; } = 5;

    /// <summary>...or a rise by this share, once a unit has at least <see cref="LateJumpCount"/> late dossiers.</summary>
    [Range(0.01, 10.0)]
    public double LateJumpShare { get; set; } = 0.2;
}
