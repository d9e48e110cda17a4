using Microsoft.Data.Sqlite;
using Npgsql;
using OpsCenter.Storage.Postgres;
using OpsCenter.Storage.Sqlite;

namespace OpsCenter.Storage.Tests;

/// <summary>
/// One test's own empty database on one engine, for tests of the stores built on
/// <see cref="IStoreConnections"/>. <see cref="OpenStore"/> opens another store (another replica) on the same data.
/// </summary>
public abstract class TestDatabase : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _stores = [];

    public abstract ValueTask CreateAsync();

    public IStoreConnections OpenStore()
    {
        var store = Open();
        _stores.Add((IAsyncDisposable)store);
        return store;
    }

    protected abstract IStoreConnections Open();

    protected abstract ValueTask DropAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
        await DropAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _folder = Directory.CreateTempSubdirectory("opscenter-store-").FullName;

    public override ValueTask CreateAsync() => ValueTask.CompletedTask;

    protected override IStoreConnections Open() => new SqliteStore(SqliteStore.ConnectionStringFor(_folder), TimeProvider.System);

    protected override ValueTask DropAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}

public sealed class PostgresTestDatabase : TestDatabase
{
    private readonly string _database = $"opscenter_test_{Guid.NewGuid():N}";
    private string? _server;
    private string? _connectionString;

    public override async ValueTask CreateAsync()
    {
        _server = TestPostgres.ServerConnectionString();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
        await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        _connectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString;
    }

    /// <summary>The test database's connection string (once created).</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The test database was not created.");

    protected override IStoreConnections Open() => new PostgresStore(ConnectionString, TimeProvider.System);

    protected override async ValueTask DropAsync()
    {
        if (_server is null)
        {
            return;
        }
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync(CancellationToken.None);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
