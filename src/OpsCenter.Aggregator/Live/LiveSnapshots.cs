using Microsoft.Extensions.Options;
using OpsCenter.Domain.Units;
using OpsCenter.Storage;
using OpsCenter.Storage.Events;

namespace OpsCenter.Aggregator.Live;

/// <summary>How the live state was built at start: from a snapshot plus the tail, or from the whole log.</summary>
/// <param name="SnapshotPosition">The log position of the snapshot loaded; null when the whole log was replayed.</param>
/// <param name="SnapshotLoad">Reading, checking and loading the snapshot.</param>
/// <param name="SnapshotProblem">Why no snapshot was used (none, off, corrupt, old format, another log...).</param>
/// <param name="EventsReplayed">Events read from the log until caught up (the tail after the snapshot, or all).</param>
/// <param name="CaughtUpAfter">From the tailer's start to having applied the log present at start.</param>
public sealed record LiveStartup(long? SnapshotPosition, TimeSpan? SnapshotLoad, string? SnapshotProblem, long EventsReplayed, TimeSpan CaughtUpAfter);

/// <summary>
/// Writes the live state to one snapshot file and loads it at start (<see cref="LiveSnapshotFile"/>).
/// A file is written whole under a temporary name, flushed to disk and renamed over the previous
/// one, so a crash leaves the old snapshot or the new one, never half of one. At start the
/// snapshot must belong to this log: the log must reach its position and hold the same event there
/// (a new or restored store with an old snapshot file is noticed). The one case that cannot be
/// checked is a store replaced by another that grew past the snapshot's position while the event
/// at that position was folded away by retention: delete the snapshot file when replacing a store.
/// </summary>
internal sealed partial class LiveSnapshots(
    IOptionsMonitor<LiveOptions> options,
    IOptions<StoreOptions> store,
    UnitCatalog units,
    TimeProvider time,
    ILogger<LiveSnapshots> logger)
{
    public const string FileName = "live-state.snapshot";

    private readonly Lazy<string> _catalog = new(() => LiveSnapshotFile.FingerprintOf(units));

    public bool Enabled => options.CurrentValue.Snapshots;

    public TimeSpan Interval => options.CurrentValue.SnapshotInterval;

    public string FilePath => string.IsNullOrWhiteSpace(options.CurrentValue.SnapshotPath)
        ? Path.Combine(Path.GetFullPath(store.Value.DataPath), FileName)
        : Path.GetFullPath(options.CurrentValue.SnapshotPath);

    /// <summary>
    /// Loads the snapshot into the (empty) state when there is a usable one. Returns its position
    /// and load time, or why none was used; the state is untouched then. Throws only when loading a
    /// snapshot that passed every check fails halfway (a bug): the file is set aside first, so the
    /// next start replays the whole log.
    /// </summary>
    public async Task<(long? Position, TimeSpan Elapsed, string? Problem)> RestoreAsync(LiveState state, IEventLog log, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var path = FilePath;
        if (!Enabled)
        {
            return (null, TimeSpan.Zero, "snapshots are off");
        }
        LiveImage? image;
        string? problem;
        try
        {
            if (!File.Exists(path))
            {
                return (null, TimeSpan.Zero, "no snapshot");
            }
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            (image, _, problem) = LiveSnapshotFile.Read(bytes, _catalog.Value);
            if (image is not null)
            {
                problem = await BelongsToAsync(image, log, cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            (image, problem) = (null, $"unreadable file ({e.Message})");
        }
        if (image is null || problem is not null)
        {
            LogIgnored(path, problem);
            return (null, time.GetElapsedTime(started), problem);
        }
        try
        {
            state.Import(image);
        }
        catch (Exception e)
        {
            LogImportFailed(e, path);
            File.Move(path, path + ".bad", overwrite: true);
            throw new SnapshotImportException($"Loading the live-state snapshot {path} failed halfway; the live state is unusable.", e);
        }
        var elapsed = time.GetElapsedTime(started);
        LogRestored(image.Position, path, elapsed.TotalMilliseconds);
        return (image.Position, elapsed, null);
    }

    private static async Task<string?> BelongsToAsync(LiveImage image, IEventLog log, CancellationToken cancellationToken)
    {
        var last = await log.LastPositionAsync(cancellationToken);
        if (last < image.Position)
        {
            return $"the log ends at position {last}, before the snapshot's {image.Position} (a new or restored store)";
        }
        var at = await log.ReadAfterAsync(image.Position - 1, 1, cancellationToken);
        if (at.Count == 1 && at[0].Position == image.Position && !LiveImage.AnchorOf(at[0]).AsSpan().SequenceEqual(image.Anchor))
        {
            return $"the log holds another event at position {image.Position} (another store)";
        }
        return null;
    }

    /// <summary>Writes a snapshot (synchronous: call it off the tailer's loop). Failures are logged, never thrown.</summary>
    public void Save(LiveImage image)
    {
        var started = time.GetTimestamp();
        var path = FilePath;
        var temp = $"{path}.{Environment.ProcessId}-{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            long length;
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                LiveSnapshotFile.Write(file, image, _catalog.Value, time.GetUtcNow());
                file.Flush(flushToDisk: true);
                length = file.Length;
            }
            File.Move(temp, path, overwrite: true);
            LogWritten(image.Position, path, length, time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            LogWriteFailed(e, path);
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Live state loaded from the snapshot at log position {Position} ({Path}) in {ElapsedMs:0} ms; replaying the tail")]
    private partial void LogRestored(long position, string path, double elapsedMs);

    [LoggerMessage(LogLevel.Warning, "Live-state snapshot {Path} not used: {Problem}; replaying the whole log")]
    private partial void LogIgnored(string path, string? problem);

    [LoggerMessage(LogLevel.Error, "Loading the live-state snapshot {Path} failed; it is set aside as .bad and the next start replays the whole log")]
    private partial void LogImportFailed(Exception exception, string path);

    [LoggerMessage(LogLevel.Information, "Live-state snapshot at log position {Position} written to {Path} ({Bytes} bytes) in {ElapsedMs:0} ms")]
    private partial void LogWritten(long position, string path, long bytes, double elapsedMs);

    [LoggerMessage(LogLevel.Warning, "Writing the live-state snapshot {Path} failed")]
    private partial void LogWriteFailed(Exception exception, string path);
}

/// <summary>A snapshot that passed every check failed to load halfway: the state is unusable, the service must restart.</summary>
public sealed class SnapshotImportException(string message, Exception inner) : Exception(message, inner);
