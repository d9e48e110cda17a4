using Npgsql;
using OpsCenter.Storage.Postgres;

namespace OpsCenter.Storage.Tests;

/// <summary>
/// The store's contract on PostgreSQL: every test gets its own database on the server named by
/// <c>OPSCENTER_TEST_POSTGRES</c>, dropped afterwards.
/// </summary>
public sealed class PostgresStoreTests : StoreTests<PostgresStore>
{
    private readonly string _database = $"opscenter_test_{Guid.NewGuid():N}";
    private string? _server;
    private string? _connectionString;

    protected override async ValueTask CreateDatabaseAsync()
    {
        _server = TestPostgres.ServerConnectionString();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
        await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        _connectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString;
    }

    protected override PostgresStore OpenStore() =>
        new(_connectionString ?? throw new InvalidOperationException("The test database was not created."), TimeProvider.System);

    [Fact]
    public async Task PostgresStore_SynchronousCommitOff_RefusesToWork()
    {
        var unsafeConnection = new NpgsqlConnectionStringBuilder(_connectionString) { Options = "-c synchronous_commit=off" };
        await using var store = new PostgresStore(unsafeConnection.ConnectionString, TimeProvider.System);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.LastPositionAsync(TestContext.Current.CancellationToken));

        Assert.Contains("synchronous_commit", error.Message);
    }

    protected override async ValueTask DropDatabaseAsync()
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
