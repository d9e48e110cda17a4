using System.Text;
using OpsCenter.Storage.Events;
using OpsCenter.Storage.Sources;

namespace OpsCenter.Storage.Tests;

public class SqliteStoreTests
{
    private static AppendRequest Batch(string key, string body, params string[] units) => new(
        "ward-a",
        key,
        System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(body)),
        [.. units.Select(u => new NewEvent("health", u, DateTimeOffset.UtcNow, $$"""{"unit":"{{u}}"}"""))]);

    [Fact]
    public async Task AppendAsync_NewBatch_StoresEveryEventInOrder()
    {
        await using var db = new TempDatabase();

        var result = await db.Store.AppendAsync(Batch("k1", "b1", "26740", "26743", "27112"), TestContext.Current.CancellationToken);
        var events = await db.Store.ReadAfterAsync(0, 100, TestContext.Current.CancellationToken);

        Assert.Equal(AppendOutcome.Stored, result.Outcome);
        Assert.Equal(3, result.Count);
        Assert.Equal(["26740", "26743", "27112"], events.Select(e => e.Unit));
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Position));
        Assert.All(events, e => Assert.Equal("ward-a", e.Source));
    }

    [Fact]
    public async Task AppendAsync_SameKeySameBody_ReplaysAndStoresNothing()
    {
        await using var db = new TempDatabase();
        await db.Store.AppendAsync(Batch("k1", "b1", "26740"), TestContext.Current.CancellationToken);

        var again = await db.Store.AppendAsync(Batch("k1", "b1", "26740"), TestContext.Current.CancellationToken);

        Assert.Equal(AppendOutcome.Replayed, again.Outcome);
        Assert.Equal(1, again.Count);
        Assert.Equal(1, await db.Store.LastPositionAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AppendAsync_SameKeyOtherBody_ConflictsAndStoresNothing()
    {
        await using var db = new TempDatabase();
        await db.Store.AppendAsync(Batch("k1", "b1", "26740"), TestContext.Current.CancellationToken);

        var other = await db.Store.AppendAsync(Batch("k1", "b2", "26743"), TestContext.Current.CancellationToken);

        Assert.Equal(AppendOutcome.Conflict, other.Outcome);
        Assert.Equal(1, await db.Store.LastPositionAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReadAfterAsync_FromPosition_ReturnsOnlyLaterEventsUpToMax()
    {
        await using var db = new TempDatabase();
        await db.Store.AppendAsync(Batch("k1", "b1", "a", "b", "c", "d", "e"), TestContext.Current.CancellationToken);

        var events = await db.Store.ReadAfterAsync(2, 2, TestContext.Current.CancellationToken);

        Assert.Equal([3L, 4L], events.Select(e => e.Position));
    }

    [Fact]
    public async Task AppendAsync_ConcurrentBatches_AllStoredWithDistinctPositions()
    {
        await using var db = new TempDatabase();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            db.Store.AppendAsync(Batch($"k{i}", $"b{i}", "x", "y"), TestContext.Current.CancellationToken)));
        var events = await db.Store.ReadAfterAsync(0, 1000, TestContext.Current.CancellationToken);

        Assert.Equal(40, events.Count);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), events.Select(e => e.Position));
    }

    [Fact]
    public async Task FindByKeyAsync_ActiveKey_ReturnsItsSourceAndScope()
    {
        await using var db = new TempDatabase();
        await db.Store.UpsertSourceAsync(new Source("ward-a", "Ward A", ["26740"], ["health"], TimeSpan.FromSeconds(30)), TestContext.Current.CancellationToken);
        await db.Store.AddKeyAsync("ward-a", "secret-a", TestContext.Current.CancellationToken);

        var found = await db.Store.FindByKeyAsync("secret-a", TestContext.Current.CancellationToken);
        var missing = await db.Store.FindByKeyAsync("secret-b", TestContext.Current.CancellationToken);

        Assert.NotNull(found);
        Assert.Equal("ward-a", found.Id);
        Assert.True(found.MayWriteUnit("26740"));
        Assert.False(found.MayWriteUnit("26743"));
        Assert.True(found.MaySend("health"));
        Assert.Equal(TimeSpan.FromSeconds(30), found.ExpectedInterval);
        Assert.Null(missing);
    }

    [Fact]
    public async Task Store_ReopenedFile_KeepsAcknowledgedEvents()
    {
        var folder = Directory.CreateTempSubdirectory("opscenter-reopen-").FullName;
        try
        {
            var first = new Sqlite.SqliteStore(Sqlite.SqliteStore.ConnectionStringFor(folder), TimeProvider.System);
            await first.AppendAsync(Batch("k1", "b1", "26740"), TestContext.Current.CancellationToken);
            await first.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            var second = new Sqlite.SqliteStore(Sqlite.SqliteStore.ConnectionStringFor(folder), TimeProvider.System);
            var events = await second.ReadAfterAsync(0, 10, TestContext.Current.CancellationToken);
            await second.DisposeAsync();

            Assert.Single(events);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
