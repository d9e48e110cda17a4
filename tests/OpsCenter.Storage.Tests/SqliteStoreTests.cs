using Microsoft.Data.Sqlite;
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

    protected override ValueTask DropDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
