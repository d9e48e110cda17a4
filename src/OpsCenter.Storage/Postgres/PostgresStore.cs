using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OpsCenter.Storage.Events;
using OpsCenter.Storage.Sources;

namespace OpsCenter.Storage.Postgres;

/// <summary>
/// The store past one machine: the same event log and source registry on PostgreSQL, shared by
/// every Collector and Aggregator. Commits wait for the WAL flush (<c>synchronous_commit</c> on,
/// the server default; the store refuses to work when it is off), so an acknowledged batch
/// survives kill -9 and power loss.
/// </summary>
/// <remarks>
/// Tail safety: an identity value is taken when a row is inserted, but the row becomes visible
/// when its transaction commits, so with concurrent writers position 11 can be visible while
/// position 10 is still in flight; a reader that moved past 11 would never see 10. Appenders
/// therefore take a transaction-scoped advisory lock before any position is assigned and hold it
/// until their commit is visible: positions are handed out and made visible in one order, every
/// snapshot sees a prefix of the log (minus the gaps of rolled-back batches, which are never
/// filled), and "position greater than the last one read" never skips. The price is one writer
/// at a time across all Collectors, as on SQLite. See docs/DECISIONS.md (2026-11-28, PostgreSQL store).
/// </remarks>
public sealed class PostgresStore : IEventLog, IStoreConnections, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _migrated = new(1, 1);
    private volatile bool _isMigrated;
    private bool _isDisposed;

    public PostgresStore(string connectionString, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _time = time;
    }

    public async Task<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The lock comes before the idempotency check too: the previous holder has committed by
        // the time we get it, so a retry of its batch finds it here instead of racing it.
        await using (var gate = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@lock)", connection, transaction))
        {
            gate.Parameters.AddWithValue("lock", PostgresSchema.AppendLock);
            await gate.ExecuteNonQueryAsync(cancellationToken);
        }
        var previous = await FindBatchAsync(connection, transaction, request, cancellationToken);
        if (previous is not null)
        {
            return previous; // disposing the transaction rolls it back and releases the lock
        }

        var receivedAt = _time.GetUtcNow();
        var received = receivedAt.ToUnixTimeMilliseconds();
        var events = request.Events;
        await using var batch = new NpgsqlBatch(connection, transaction);

        // One statement for the whole batch; WITH ORDINALITY keeps the request's order in the positions.
        var insert = new NpgsqlBatchCommand(
            """
            INSERT INTO events (kind, unit, source, occurred_at, received_at, payload)
            SELECT e.kind, e.unit, @source, e.occurred_at, @received, e.payload
            FROM unnest(@kinds, @units, @occurred, @payloads) WITH ORDINALITY AS e (kind, unit, occurred_at, payload, n)
            ORDER BY e.n
            """);
        insert.Parameters.AddWithValue("source", request.Source);
        insert.Parameters.AddWithValue("received", received);
        insert.Parameters.AddWithValue("kinds", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.Kind).ToArray());
        insert.Parameters.AddWithValue("units", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.Unit).ToArray());
        insert.Parameters.AddWithValue("occurred", NpgsqlDbType.Array | NpgsqlDbType.Bigint, events.Select(e => e.OccurredAt.ToUnixTimeMilliseconds()).ToArray());
        insert.Parameters.AddWithValue("payloads", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.Payload).ToArray());
        batch.BatchCommands.Add(insert);

        var record = new NpgsqlBatchCommand(
            """
            INSERT INTO ingest_batches (source, idempotency_key, body_hash, item_count, received_at)
            VALUES (@source, @key, @hash, @count, @received)
            """);
        record.Parameters.AddWithValue("source", request.Source);
        record.Parameters.AddWithValue("key", request.IdempotencyKey);
        record.Parameters.AddWithValue("hash", request.BodyHash);
        record.Parameters.AddWithValue("count", events.Count);
        record.Parameters.AddWithValue("received", received);
        batch.BatchCommands.Add(record);

        await batch.ExecuteNonQueryAsync(cancellationToken);
        // Returns once the commit record is flushed (synchronous_commit on); the lock is released
        // only after the commit is visible to other sessions.
        await transaction.CommitAsync(cancellationToken);
        return new AppendResult(AppendOutcome.Stored, events.Count, receivedAt);
    }

    private static async Task<AppendResult?> FindBatchAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, AppendRequest request, CancellationToken cancellationToken)
    {
        await using var find = new NpgsqlCommand(
            """
            SELECT body_hash, item_count, received_at FROM ingest_batches
            WHERE source = @source AND idempotency_key = @key
            """,
            connection,
            transaction);
        find.Parameters.AddWithValue("source", request.Source);
        find.Parameters.AddWithValue("key", request.IdempotencyKey);
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var hash = reader.GetFieldValue<byte[]>(0);
        var receivedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2));
        return hash.AsSpan().SequenceEqual(request.BodyHash)
            ? new AppendResult(AppendOutcome.Replayed, reader.GetInt32(1), receivedAt)
            : new AppendResult(AppendOutcome.Conflict, 0, receivedAt);
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadAfterAsync(long position, int max, CancellationToken cancellationToken)
    {
        // Safe because appenders commit in position order (see the remarks on the class).
        await using var connection = await OpenAsync(cancellationToken);
        await using var read = new NpgsqlCommand(
            """
            SELECT position, kind, unit, source, occurred_at, received_at, payload
            FROM events WHERE position > @after ORDER BY position LIMIT @max
            """,
            connection);
        read.Parameters.AddWithValue("after", position);
        read.Parameters.AddWithValue("max", max);
        var events = new List<StoredEvent>();
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new StoredEvent(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                reader.GetString(6)));
        }
        return events;
    }

    public async Task<long> LastPositionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var last = new NpgsqlCommand("SELECT COALESCE(MAX(position), 0) FROM events", connection);
        return (long)(await last.ExecuteScalarAsync(cancellationToken))!;
    }

    async Task<System.Data.Common.DbConnection> IStoreConnections.OpenAsync(CancellationToken cancellationToken) => await OpenAsync(cancellationToken);

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        if (!_isMigrated)
        {
            try
            {
                await MigrateOnceAsync(connection, cancellationToken);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }
        return connection;
    }

    private async Task MigrateOnceAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await _migrated.WaitAsync(cancellationToken);
        try
        {
            if (_isMigrated)
            {
                return;
            }
            await using (var check = new NpgsqlCommand("SHOW synchronous_commit", connection))
            {
                // Acknowledged means durable: refuse a server (or role, or connection string) that
                // acknowledges commits before they reach the disk.
                var mode = (string?)await check.ExecuteScalarAsync(cancellationToken);
                if (string.Equals(mode, "off", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException(
                        "PostgreSQL synchronous_commit is off, so acknowledged batches could be lost on a crash; set it to on (the default).");
                }
            }
            await PostgresSchema.MigrateAsync(connection, _time, cancellationToken);
            _isMigrated = true;
        }
        finally
        {
            _migrated.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_isDisposed)
        {
            return;
        }
        _isDisposed = true;
        await _dataSource.DisposeAsync();
        _migrated.Dispose();
    }
}
