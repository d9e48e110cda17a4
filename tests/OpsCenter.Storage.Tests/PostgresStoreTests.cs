using System.Security.Cryptography;
using System.Text;
using Npgsql;
using OpsCenter.Storage.Events;
using OpsCenter.Storage.Postgres;

namespace OpsCenter.Storage.Tests;

/// <summary>
/// The store's contract on PostgreSQL: every test gets its own database on the server named by
/// <c>OPSCENTER_TEST_POSTGRES</c>, dropped afterwards.
/// </summary>
public sealed class PostgresStoreTests : StoreTests<PostgresStore>
{
    private readonly PostgresTestDatabase _database = new();

    protected override ValueTask CreateDatabaseAsync() => _database.CreateAsync();

    protected override PostgresStore OpenStore() => new(_database.ConnectionString, TimeProvider.System);

    [Fact]
    public async Task PostgresStore_SynchronousCommitOff_RefusesToWork()
    {
        var unsafeConnection = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Options = "-c synchronous_commit=off" };
        await using var store = new PostgresStore(unsafeConnection.ConnectionString, TimeProvider.System);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.LastPositionAsync(TestContext.Current.CancellationToken));

        Assert.Contains("synchronous_commit", error.Message);
    }

    protected override async Task<IAsyncDisposable> HoldAppendsAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await Store.LastPositionAsync(ct); // migrated
        var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(ct);
        var transaction = await connection.BeginTransactionAsync(ct);
        await using (var hold = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@lock)", connection, transaction))
        {
            hold.Parameters.AddWithValue("lock", PostgresSchema.AppendLock);
            await hold.ExecuteNonQueryAsync(ct);
        }
        return new AsyncDisposable(async () =>
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        });
    }

    protected override async Task WaitForBlockedAppendAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var waiting = new NpgsqlCommand(
            """
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """,
            connection);
        await Eventually.TrueAsync(async () => (long)(await waiting.ExecuteScalarAsync(ct))! > 0, because: "an append waiting for the append lock");
    }

    [Fact]
    public async Task AppendAsync_BatchesQueuedBehindTheLock_CommitInOneTransactionEachWithItsRecord()
    {
        var ct = TestContext.Current.CancellationToken;
        Task<AppendResult>[] appends;
        await using (await HoldAppendsAsync())
        {
            appends = [.. Enumerable.Range(0, 10).Select(i => Store.AppendAsync(Request($"k{i}", $"b{i}", $"k{i}-a", $"k{i}-b"), ct))];
            await WaitForBlockedAppendAsync();
        }
        Assert.All(await Task.WhenAll(appends), r => Assert.Equal(AppendOutcome.Stored, r.Outcome));

        var (events, records) = await TransactionsAsync(ct);
        // The first batch may have been taken alone before the others were queued; the rest share one transaction.
        Assert.InRange(events.Select(e => e.Transaction).Distinct().Count(), 1, 2);
        Assert.Equal(20, events.Count);
        Assert.Equal(10, records.Count);
        // Each batch's rows are committed by the transaction that wrote its idempotency record.
        Assert.All(events, e => Assert.Equal(records[e.Name[..e.Name.IndexOf('-', StringComparison.Ordinal)]], e.Transaction));
    }

    [Fact]
    public async Task AppendAsync_BatchTheServerRefusesAmongQueuedBatches_FailsAloneAndTheOthersAreStored()
    {
        var ct = TestContext.Current.CancellationToken;
        Task<AppendResult> good1, bad, good2, good3;
        await using (await HoldAppendsAsync())
        {
            good1 = Store.AppendAsync(Request("k1", "b1", "a"), ct);
            bad = Store.AppendAsync(Request("k2", "b2", "b", "nul\0unit"), ct); // PostgreSQL text cannot hold NUL
            good2 = Store.AppendAsync(Request("k3", "b3", "c", "d"), ct);
            good3 = Store.AppendAsync(Request("k4", "b4", "e"), ct);
            await WaitForBlockedAppendAsync();
        }

        var error = await Assert.ThrowsAsync<PostgresException>(() => bad);
        Assert.Equal(PostgresErrorCodes.CharacterNotInRepertoire, error.SqlState);
        Assert.Equal(AppendOutcome.Stored, (await good1).Outcome);
        Assert.Equal(AppendOutcome.Stored, (await good2).Outcome);
        Assert.Equal(AppendOutcome.Stored, (await good3).Outcome);
        var events = await Store.ReadAfterAsync(0, 100, ct);
        Assert.Equal(["a", "c", "d", "e"], events.Select(e => e.Unit).Order(StringComparer.Ordinal));
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Position < p.Second.Position), "positions must increase");
        Assert.Equal(AppendOutcome.Replayed, (await Store.AppendAsync(Request("k1", "b1", "a"), ct)).Outcome);
        Assert.Equal(AppendOutcome.Stored, (await Store.AppendAsync(Request("k2", "b2", "b"), ct)).Outcome);
    }

    private async Task<(List<(string Name, string Transaction)> Events, Dictionary<string, string> Records)> TransactionsAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(ct);
        var events = await QueryAsync(connection, "SELECT unit, xmin::text FROM events", ct);
        var records = (await QueryAsync(connection, "SELECT idempotency_key, xmin::text FROM ingest_batches", ct)).ToDictionary(r => r.Name, r => r.Transaction);
        return (events, records);
    }

    private static AppendRequest Request(string key, string body, params string[] units) => new(
        "ward-a",
        key,
        SHA256.HashData(Encoding.UTF8.GetBytes(body)),
        [.. units.Select(u => new NewEvent("health", u, DateTimeOffset.UtcNow, "{}"))]);

    private static async Task<List<(string Name, string Transaction)>> QueryAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }
        return rows;
    }

    // The stores this class opens are its own (disposed by the base class); the database goes with it.
    protected override ValueTask DropDatabaseAsync() => _database.DisposeAsync();
}
