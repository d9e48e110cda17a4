using System.Text.Json;
using Microsoft.Data.Sqlite;
using OpsCenter.Storage.Events;

namespace OpsCenter.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so that an
/// acknowledged batch survives kill -9 and power loss. SQLite has one writer at a time; writes
/// are serialised here rather than left to fight over the file lock.
/// </summary>
public sealed class SqliteStore : IEventLog, IStoreConnections, IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly SemaphoreSlim _migrated = new(1, 1);
    private bool _isMigrated;

    public SqliteStore(string connectionString, TimeProvider time)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            Pooling = true,
            DefaultTimeout = 30,
        };
        _connectionString = builder.ToString();
        _time = time;
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    public static string ConnectionStringFor(string dataPath) =>
        new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataPath, "opscenter.db") }.ToString();

    public async Task<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = await OpenAsync(cancellationToken);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var previous = await FindBatchAsync(connection, transaction, request, cancellationToken);
            if (previous is not null)
            {
                return previous;
            }

            var receivedAt = _time.GetUtcNow();
            var received = receivedAt.ToUnixTimeMilliseconds();
            await using (var insert = connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO events (kind, unit, source, occurred_at, received_at, payload)
                    VALUES ($kind, $unit, $source, $occurred, $received, $payload)
                    """;
                var kind = insert.Parameters.Add("$kind", SqliteType.Text);
                var unit = insert.Parameters.Add("$unit", SqliteType.Text);
                insert.Parameters.AddWithValue("$source", request.Source);
                var occurred = insert.Parameters.Add("$occurred", SqliteType.Integer);
                insert.Parameters.AddWithValue("$received", received);
                var payload = insert.Parameters.Add("$payload", SqliteType.Text);
                insert.Prepare();
                foreach (var e in request.Events)
                {
                    kind.Value = e.Kind;
                    unit.Value = e.Unit;
                    occurred.Value = e.OccurredAt.ToUnixTimeMilliseconds();
                    payload.Value = e.Payload;
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }
            }
            await using (var batch = connection.CreateCommand())
            {
                batch.Transaction = transaction;
                batch.CommandText = """
                    INSERT INTO ingest_batches (source, idempotency_key, body_hash, item_count, received_at)
                    VALUES ($source, $key, $hash, $count, $received)
                    """;
                batch.Parameters.AddWithValue("$source", request.Source);
                batch.Parameters.AddWithValue("$key", request.IdempotencyKey);
                batch.Parameters.AddWithValue("$hash", request.BodyHash);
                batch.Parameters.AddWithValue("$count", request.Events.Count);
                batch.Parameters.AddWithValue("$received", received);
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            return new AppendResult(AppendOutcome.Stored, request.Events.Count, receivedAt);
        }
        finally
        {
            _writer.Release();
        }
    }

    private static async Task<AppendResult?> FindBatchAsync(
        SqliteConnection connection, SqliteTransaction transaction, AppendRequest request, CancellationToken cancellationToken)
    {
        await using var find = connection.CreateCommand();
        find.Transaction = transaction;
        find.CommandText = """
            SELECT body_hash, item_count, received_at FROM ingest_batches
            WHERE source = $source AND idempotency_key = $key
            """;
        find.Parameters.AddWithValue("$source", request.Source);
        find.Parameters.AddWithValue("$key", request.IdempotencyKey);
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var hash = (byte[])reader[0];
        var receivedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2));
        return hash.AsSpan().SequenceEqual(request.BodyHash)
            ? new AppendResult(AppendOutcome.Replayed, reader.GetInt32(1), receivedAt)
            : new AppendResult(AppendOutcome.Conflict, 0, receivedAt);
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadAfterAsync(long position, int max, CancellationToken cancellationToken)
    {
        // SQLite has a single writer and assigns positions inside the write transaction,
        // so positions become visible in order and "after the last one read" never skips.
        await using var connection = await OpenAsync(cancellationToken);
        return await EventRows.ReadAfterAsync(connection, position, max, cancellationToken);
    }

    public async Task<long> LastPositionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await EventRows.LastPositionAsync(connection, cancellationToken);
    }

    async Task<System.Data.Common.DbConnection> IStoreConnections.OpenAsync(CancellationToken cancellationToken) => await OpenAsync(cancellationToken);

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var pragmas = connection.CreateCommand())
        {
            // WAL persists in the file; synchronous and busy_timeout are per connection.
            pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
        }
        if (!_isMigrated)
        {
            await _migrated.WaitAsync(cancellationToken);
            try
            {
                if (!_isMigrated)
                {
                    await SqliteSchema.MigrateAsync(connection, cancellationToken);
                    _isMigrated = true;
                }
            }
            finally
            {
                _migrated.Release();
            }
        }
        return connection;
    }

    public ValueTask DisposeAsync()
    {
        _writer.Dispose();
        _migrated.Dispose();
        return ValueTask.CompletedTask;
    }
}
