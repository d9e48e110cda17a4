using OpsCenter.Storage.Sqlite;

namespace OpsCenter.Storage.Tests;

/// <summary>A fresh SQLite file in a temporary folder, deleted afterwards.</summary>
public sealed class TempDatabase : IAsyncDisposable
{
    public TempDatabase()
    {
        Folder = Directory.CreateTempSubdirectory("opscenter-store-").FullName;
        Store = new SqliteStore(SqliteStore.ConnectionStringFor(Folder), TimeProvider.System);
    }

    public string Folder { get; }

    public SqliteStore Store { get; }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
