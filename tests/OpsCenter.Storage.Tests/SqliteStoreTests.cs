using Microsoft.Data.Sqlite;
using OpsCenter.Storage.Events;
using OpsCenter.Storage.Sqlite;

namespace OpsCenter.Storage.Tests;

/// <summary>The store's contract on SQLite: a fresh file in a temporary folder per test.</summary>
public sealed class SqliteStoreTests : StoreTests<SqliteStore>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("opscenter-store-").FullName;

    protected override ValueTask CreateDatabaseAsync() => ValueTask.CompletedTask;

    protected override SqliteStore OpenStore() => new(SqliteStore.ConnectionStringFor(_folder), TimeProvider.System);

    protected override async ValueTask CloseStoreAsync(SqliteStore store)
    {
        await store.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    protected override async Task<IAsyncDisposable> HoldAppendsAsync()
    {
        await Store.LastPositionAsync(TestContext.Current.CancellationToken); // created and migrated
        var connection = new SqliteConnection(SqliteStore.ConnectionStringFor(_folder));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(TestContext.Current.CancellationToken); // BEGIN IMMEDIATE: the write lock
        return new AsyncDisposable(async () =>
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        });
    }

    // Microsoft.Data.Sqlite waits for a file lock synchronously, so an append blocked behind the
    // held lock would block the test's thread: start it on the pool, and give it time to reach
    // the store's writer gate, so that the next one queues behind it.
    protected override async Task<Task<AppendResult>> StartAppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        var append = Task.Run(() => Store.AppendAsync(request, cancellationToken), CancellationToken.None);
        await Task.Delay(150, TestContext.Current.CancellationToken);
        return append;
    }

    // SQLite shows no waiting writer; the queued appends are blocked on its busy handler or the writer gate.
    protected override Task WaitForBlockedAppendAsync() => Task.Delay(300, TestContext.Current.CancellationToken);

    protected override ValueTask DropDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
