using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OpsCenter.Aggregator.Live;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.Events;
using OpsCenter.Storage.Sqlite;
using static OpsCenter.Aggregator.Tests.FakeClockApp;

namespace OpsCenter.Aggregator.Tests.Live;

/// <summary>An aggregator on the fake clock over the store in a given folder (kept on dispose).</summary>
public sealed class FolderApp(string folder, IReadOnlyDictionary<string, string>? settings = null) : FakeClockApp(folder, settings);

/// <summary>
/// A store whose aggregator wrote a snapshot when two thirds of the log were in, and then stopped;
/// the last third was appended after. Each test starts aggregators on copies of it.
/// </summary>
public sealed class SnapshotStore : IAsyncLifetime
{
    public static readonly Dictionary<string, string> Settings = new() { ["Live:SnapshotInterval"] = "00:00:01" };

    private readonly string _folder = Directory.CreateTempSubdirectory("opscenter-snapshot-").FullName;
    private readonly List<string> _copies = [];

    public long SnapshotPosition { get; private set; }

    public long LastPosition { get; private set; }

    public string SnapshotFile => Path.Combine(_folder, LiveSnapshots.FileName);

    public async ValueTask InitializeAsync()
    {
        var events = MixedLog.Events(Start);
        var cut = events.Count * 2 / 3;
        await using (var app = new FolderApp(_folder, Settings))
        {
            await AppendAsync(app.Log, events.Take(cut));
            var last = await app.Log.LastPositionAsync(CancellationToken.None);
            await Eventually.MatchAsync(() => Task.FromResult(PositionIn(SnapshotFile)), p => p == last, TimeSpan.FromSeconds(30));
            SnapshotPosition = last;
        }
        await using (var store = new SqliteStore(SqliteStore.ConnectionStringFor(_folder), TimeProvider.System))
        {
            await AppendAsync(store, events.Skip(cut));
            LastPosition = await store.LastPositionAsync(CancellationToken.None);
        }
        SqliteConnection.ClearAllPools();
    }

    /// <summary>A copy of the store and its snapshot in a folder of its own.</summary>
    public string Copy()
    {
        var copy = Directory.CreateTempSubdirectory("opscenter-snapshot-copy-").FullName;
        foreach (var file in Directory.GetFiles(_folder))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }
        _copies.Add(copy);
        return copy;
    }

    /// <summary>The log position a snapshot file holds, or -1 when there is none or it cannot be read.</summary>
    public static long PositionIn(string file)
    {
        try
        {
            return File.Exists(file)
                ? LiveSnapshotFile.Read(File.ReadAllBytes(file), LiveSnapshotFile.FingerprintOf(UnitCatalog.LoadHcmc())).Image?.Position ?? -1
                : -1;
        }
        catch (IOException)
        {
            return -1;
        }
    }

    /// <summary>Appends stored events again as the collector would (batches of one source), in their order.</summary>
    public static async Task AppendAsync(IEventLog log, IEnumerable<StoredEvent> events)
    {
        foreach (var batch in events.Chunk(50))
        {
            var payloads = string.Concat(batch.Select(e => e.Payload));
            await log.AppendAsync(new AppendRequest("test", Guid.NewGuid().ToString(), SHA256.HashData(Encoding.UTF8.GetBytes(payloads)),
                [.. batch.Select(e => new NewEvent(e.Kind, e.Unit, e.OccurredAt, e.Payload))]), CancellationToken.None);
        }
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var folder in _copies.Append(_folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        return ValueTask.CompletedTask;
    }
}

public class SnapshotRestartTests(SnapshotStore store) : IClassFixture<SnapshotStore>
{
    [Fact]
    public async Task Restart_LoadsTheSnapshotAndReplaysOnlyTheTail_SameStateAsTheWholeLog()
    {
        var withSnapshot = store.Copy();
        await using var restored = new FolderApp(withSnapshot, SnapshotStore.Settings);
        await using var replayed = new FolderApp(store.Copy(), new Dictionary<string, string> { ["Live:Snapshots"] = "false" });

        var fromSnapshot = await StartupOf(restored);
        var fromLog = await StartupOf(replayed);

        Assert.Equal(store.SnapshotPosition, fromSnapshot.SnapshotPosition);
        Assert.Equal(store.LastPosition - store.SnapshotPosition, fromSnapshot.EventsReplayed);
        Assert.Null(fromLog.SnapshotPosition);
        Assert.Equal(store.LastPosition, fromLog.EventsReplayed);
        // The snapshot was taken by an aggregator that ran live: its change feed also holds what it saw live (see View).
        Assert.Equal(SnapshotTests.View(LiveParts.Of(replayed), Start, logDerivedChanges: true), SnapshotTests.View(LiveParts.Of(restored), Start, logDerivedChanges: true));
        // Having caught up, it writes a snapshot of where it is now.
        await Eventually.MatchAsync(() => Task.FromResult(SnapshotStore.PositionIn(Path.Combine(withSnapshot, LiveSnapshots.FileName))),
            p => p == store.LastPosition, TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData("absent", "no snapshot")]
    [InlineData("corrupt", "checksum")]
    [InlineData("torn", "torn write")]
    [InlineData("old format", "format version")]
    [InlineData("another store", "another event at position")]
    [InlineData("a store behind it", "the log ends at position")]
    public async Task UnusableSnapshot_IsIgnored_AndTheWholeLogReplayed(string damage, string problem)
    {
        var folder = store.Copy();
        var file = Path.Combine(folder, LiveSnapshots.FileName);
        var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        switch (damage)
        {
            case "absent":
                File.Delete(file);
                break;
            case "corrupt":
                bytes[bytes.Length / 2] ^= 0x01;
                await File.WriteAllBytesAsync(file, bytes, TestContext.Current.CancellationToken);
                break;
            case "torn":
                await File.WriteAllBytesAsync(file, bytes[..(bytes.Length / 2)], TestContext.Current.CancellationToken);
                break;
            case "old format":
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), LiveSnapshotFile.FormatVersion + 1);
                await File.WriteAllBytesAsync(file, bytes, TestContext.Current.CancellationToken);
                break;
            default:
                // A snapshot beside a store it was not made from: same length of log but other events, or a shorter log.
                folder = Directory.CreateTempSubdirectory("opscenter-snapshot-other-").FullName;
                var events = MixedLog.Events(Start.AddDays(-1));
                await using (var other = new SqliteStore(SqliteStore.ConnectionStringFor(folder), TimeProvider.System))
                {
                    await SnapshotStore.AppendAsync(other, damage == "another store" ? events : events.Take((int)store.SnapshotPosition / 2));
                }
                SqliteConnection.ClearAllPools();
                await File.WriteAllBytesAsync(Path.Combine(folder, LiveSnapshots.FileName), bytes, TestContext.Current.CancellationToken);
                break;
        }
        var last = damage.Contains("store", StringComparison.Ordinal) ? -1 : store.LastPosition;

        try
        {
            await using var app = new FolderApp(folder, SnapshotStore.Settings);
            var startup = await StartupOf(app);

            Assert.Null(startup.SnapshotPosition);
            Assert.Contains(problem, startup.SnapshotProblem);
            Assert.Equal(await app.Log.LastPositionAsync(TestContext.Current.CancellationToken), startup.EventsReplayed);
            if (last > 0)
            {
                Assert.Equal(last, app.State.Position);
            }
        }
        finally
        {
            if (damage.Contains("store", StringComparison.Ordinal))
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task<LiveStartup> StartupOf(AggregatorApp app)
    {
        var tailer = app.Services.GetRequiredService<LogTailer>();
        await Eventually.MatchAsync(() => Task.FromResult(tailer.Startup), s => s is not null, TimeSpan.FromSeconds(60));
        return tailer.Startup!;
    }
}
