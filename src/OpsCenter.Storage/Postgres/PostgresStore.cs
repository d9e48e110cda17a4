using System.Diagnostics;
using System.Diagnostics.Metrics;
using Npgsql;
using NpgsqlTypes;
using OpsCenter.Storage.Events;

namespace OpsCenter.Storage.Postgres;

/// <summary>
/// The store past one machine: the same event log and source registry on PostgreSQL, shared by
/// every Collector and Aggregator. Commits wait for the WAL flush (<c>synchronous_commit</c> on,
/// the server default; the store refuses to work when it is off), so an acknowledged batch
/// survives kill -9 and power loss.
/// </summary>
/// <remarks>
/// <para>
/// Tail safety: an identity value is taken when a row is inserted, but the row becomes visible
/// when its transaction commits, so with concurrent writers position 11 can be visible while
/// position 10 is still in flight; a reader that moved past 11 would never see 10. Appenders
/// therefore take a transaction-scoped advisory lock before any position is assigned and hold it
/// until their commit is visible: positions are handed out and made visible in one order, every
/// snapshot sees a prefix of the log (minus the gaps of rolled-back batches, which are never
/// filled), and "position greater than the last one read" never skips.
/// </para>
/// <para>
/// Group commit: that lock allows one writing transaction at a time across all Collectors, so
/// each store appends through one writer loop. Batches that arrive while a group is being written
/// queue up and go into the next group: one transaction, one lock, one idempotency lookup for all
/// their keys, one binary COPY of all their rows, one insert of their records, one WAL flush. Each
/// batch stays whole-or-nothing (its rows and its idempotency record are in the same transaction)
/// and idempotent: a key already stored answers Replayed (same body) or Conflict (another body) and
/// is left out of the group; a key that appears twice in the queue waits for the next group, which
/// finds the first one stored. When the server refuses the group (a batch it cannot take), the
/// transaction is rolled back and its batches are written again one by one, so only the bad batch
/// fails. Callers are answered once the commit has returned. See docs/DECISIONS.md (PostgreSQL
/// store).
/// </para>
/// </remarks>
public sealed class PostgresStore : IEventLog, IStoreConnections, IAsyncDisposable
{
    /// <summary>A group stops growing at this many events (one batch always fits, however big).</summary>
    internal const int MaxGroupEvents = 50_000;

    private static readonly Meter Meter = new("OpsCenter.Storage");

    private static readonly Histogram<int> GroupBatches = Meter.CreateHistogram<int>(
        "store.append.group_batches", "{batch}", "Batches appended in one PostgreSQL transaction (group commit).");

    private static readonly Histogram<double> LockHeld = Meter.CreateHistogram<double>(
        "store.append.lock_held", "ms", "Time from taking the append lock to the durable commit of a group.");

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _migrated = new(1, 1);
    private readonly Lock _queueLock = new();
    private List<PendingAppend> _queue = [];
    private bool _writing;
    private Task _writer = Task.CompletedTask;
    private volatile bool _isMigrated;
    private bool _isDisposed;

    public PostgresStore(string connectionString, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _time = time;
    }

    public Task<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<AppendResult>(cancellationToken);
        }
        var pending = new PendingAppend(request);
        lock (_queueLock)
        {
            ObjectDisposedException.ThrowIf(_isDisposed, this);
            _queue.Add(pending);
            if (!_writing)
            {
                _writing = true;
                _writer = Task.Run(WriteLoopAsync, CancellationToken.None);
            }
        }
        return pending.WaitAsync(cancellationToken);
    }

    /// <summary>Writes groups until the queue is empty; the next append starts it again.</summary>
    private async Task WriteLoopAsync()
    {
        while (true)
        {
            List<PendingAppend> group;
            lock (_queueLock)
            {
                group = TakeGroup();
                if (group.Count == 0)
                {
                    _writing = false;
                    return;
                }
            }
            try
            {
                await WriteGroupAsync(group);
            }
            catch (Exception e)
            {
                // WriteGroupAsync answers every failure itself; should anything still escape, its
                // callers get it and the loop goes on, so no later append waits for a dead writer.
                foreach (var pending in group)
                {
                    pending.Fail(e);
                }
            }
        }
    }

    /// <summary>
    /// The queued batches in arrival order, up to <see cref="MaxGroupEvents"/>; callers that gave
    /// up are dropped, and a second batch with a key already in the group stays queued.
    /// </summary>
    private List<PendingAppend> TakeGroup()
    {
        var group = new List<PendingAppend>();
        var remaining = new List<PendingAppend>();
        var keys = new HashSet<(string Source, string Key)>();
        var events = 0;
        foreach (var pending in _queue)
        {
            var request = pending.Request;
            var fits = group.Count == 0 || events + request.Events.Count <= MaxGroupEvents;
            if (!fits || keys.Contains((request.Source, request.IdempotencyKey)))
            {
                remaining.Add(pending);
            }
            else if (pending.TryTake())
            {
                group.Add(pending);
                keys.Add((request.Source, request.IdempotencyKey));
                events += request.Events.Count;
            }
        }
        _queue = remaining;
        return group;
    }

    /// <summary>Commits a group and answers its callers; never throws (failures go to the callers).</summary>
    private async Task WriteGroupAsync(List<PendingAppend> group)
    {
        try
        {
            await CommitGroupAsync(group);
        }
        catch (PostgresException) when (group.Count > 1)
        {
            // The server refused something in the group (one batch it cannot store, say); nothing
            // of it is committed. Write its batches again one by one, so only that batch fails.
            foreach (var pending in group.Where(p => !p.IsAnswered))
            {
                await WriteGroupAsync([pending]);
            }
        }
        catch (Exception e)
        {
            // A lost connection, a timeout, or the refusal of a single batch: every caller not yet
            // answered gets the error. A commit whose answer was lost may have happened: a retry
            // with the same key then finds the batch (Replayed).
            foreach (var pending in group)
            {
                pending.Fail(e);
            }
        }
    }

    /// <summary>
    /// One transaction under the append lock for the whole group; answers the callers of every
    /// batch it stored (after the commit), replayed or refused as a conflict.
    /// </summary>
    private async Task CommitGroupAsync(List<PendingAppend> group)
    {
        // The group is shared by several callers, so no caller's token may cancel it; Npgsql's
        // command timeout bounds a server that does not answer.
        var cancellationToken = CancellationToken.None;
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The lock comes before the idempotency check too: the previous holder has committed by
        // the time we get it, so a retry of its batch (from this or another Collector) finds it
        // here instead of racing it.
        var existing = await LockAndFindBatchesAsync(connection, transaction, group, cancellationToken);
        var lockTaken = Stopwatch.GetTimestamp();
        var receivedAt = _time.GetUtcNow();
        var received = receivedAt.ToUnixTimeMilliseconds();

        var store = new List<PendingAppend>(group.Count);
        foreach (var pending in group)
        {
            var request = pending.Request;
            if (existing.TryGetValue((request.Source, request.IdempotencyKey), out var previous))
            {
                // Answered from committed data: nothing of this group is needed for that.
                var previousAt = DateTimeOffset.FromUnixTimeMilliseconds(previous.ReceivedAt);
                pending.Complete(previous.BodyHash.AsSpan().SequenceEqual(request.BodyHash)
                    ? new AppendResult(AppendOutcome.Replayed, previous.Count, previousAt)
                    : new AppendResult(AppendOutcome.Conflict, 0, previousAt));
            }
            else
            {
                store.Add(pending);
            }
        }
        if (store.Count == 0)
        {
            return; // disposing the transaction rolls it back and releases the lock
        }

        await WriteRowsAsync(connection, transaction, store, received, cancellationToken);
        // Returns once the commit record is flushed (synchronous_commit on); the lock is released
        // only after the commit is visible to other sessions.
        await transaction.CommitAsync(cancellationToken);
        foreach (var pending in store)
        {
            pending.Complete(new AppendResult(AppendOutcome.Stored, pending.Request.Events.Count, receivedAt));
        }
        LockHeld.Record(Stopwatch.GetElapsedTime(lockTaken).TotalMilliseconds);
        GroupBatches.Record(store.Count);
    }

    /// <summary>
    /// The rows of the batches in one binary COPY, in batch then item order (the identity hands
    /// out positions in that order), and their idempotency records in one insert.
    /// </summary>
    private static async Task WriteRowsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<PendingAppend> batches, long received, CancellationToken cancellationToken)
    {
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY events (kind, unit, source, occurred_at, received_at, payload) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var pending in batches)
            {
                var request = pending.Request;
                foreach (var e in request.Events)
                {
                    await copy.StartRowAsync(cancellationToken);
                    await copy.WriteAsync(e.Kind, NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync(e.Unit, NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync(request.Source, NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync(e.OccurredAt.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint, cancellationToken);
                    await copy.WriteAsync(received, NpgsqlDbType.Bigint, cancellationToken);
                    await copy.WriteAsync(e.Payload, NpgsqlDbType.Text, cancellationToken);
                }
            }
            await copy.CompleteAsync(cancellationToken);
        }

        await using var record = new NpgsqlCommand(
            """
            INSERT INTO ingest_batches (source, idempotency_key, body_hash, item_count, received_at)
            SELECT b.source, b.idempotency_key, b.body_hash, b.item_count, @received
            FROM unnest(@sources, @keys, @hashes, @counts) AS b (source, idempotency_key, body_hash, item_count)
            """,
            connection,
            transaction);
        record.Parameters.AddWithValue("received", received);
        record.Parameters.AddWithValue("sources", NpgsqlDbType.Array | NpgsqlDbType.Text, batches.Select(p => p.Request.Source).ToArray());
        record.Parameters.AddWithValue("keys", NpgsqlDbType.Array | NpgsqlDbType.Text, batches.Select(p => p.Request.IdempotencyKey).ToArray());
        record.Parameters.AddWithValue("hashes", NpgsqlDbType.Array | NpgsqlDbType.Bytea, batches.Select(p => p.Request.BodyHash).ToArray());
        record.Parameters.AddWithValue("counts", NpgsqlDbType.Array | NpgsqlDbType.Integer, batches.Select(p => p.Request.Events.Count).ToArray());
        await record.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Takes the append lock and finds the batches of the group already stored, in one round trip.</summary>
    private static async Task<Dictionary<(string Source, string Key), StoredBatch>> LockAndFindBatchesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<PendingAppend> group, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var gate = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1)");
        gate.Parameters.Add(new NpgsqlParameter<long> { TypedValue = PostgresSchema.AppendLock });
        batch.BatchCommands.Add(gate);
        var find = new NpgsqlBatchCommand(
            """
            SELECT b.source, b.idempotency_key, b.body_hash, b.item_count, b.received_at
            FROM ingest_batches b JOIN unnest($1::text[], $2::text[]) AS k (source, idempotency_key)
              ON b.source = k.source AND b.idempotency_key = k.idempotency_key
            """);
        find.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. group.Select(p => p.Request.Source)] });
        find.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. group.Select(p => p.Request.IdempotencyKey)] });
        batch.BatchCommands.Add(find);

        var found = new Dictionary<(string Source, string Key), StoredBatch>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken); // past the lock's empty result
        while (await reader.ReadAsync(cancellationToken))
        {
            found[(reader.GetString(0), reader.GetString(1))] =
                new StoredBatch(reader.GetFieldValue<byte[]>(2), reader.GetInt32(3), reader.GetInt64(4));
        }
        return found;
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadAfterAsync(long position, int max, CancellationToken cancellationToken)
    {
        // Safe because appenders commit in position order (see the remarks on the class).
        await using var connection = await OpenAsync(cancellationToken);
        return await EventRows.ReadAfterAsync(connection, position, max, cancellationToken);
    }

    public async Task<long> LastPositionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await EventRows.LastPositionAsync(connection, cancellationToken);
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

    /// <summary>Refuses new appends, lets the writer finish the ones already queued, then closes the pool.</summary>
    public async ValueTask DisposeAsync()
    {
        Task writer;
        lock (_queueLock)
        {
            if (_isDisposed)
            {
                return;
            }
            _isDisposed = true;
            writer = _writer;
        }
        await writer;
        await _dataSource.DisposeAsync();
        _migrated.Dispose();
    }

    private readonly record struct StoredBatch(byte[] BodyHash, int Count, long ReceivedAt);

    /// <summary>A batch waiting for its group, and the caller waiting for its answer.</summary>
    private sealed class PendingAppend(AppendRequest request)
    {
        private const int Queued = 0;
        private const int Taken = 1;
        private const int Abandoned = 2;

        private readonly TaskCompletionSource<AppendResult> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _state = Queued;

        public AppendRequest Request { get; } = request;

        /// <summary>The writer takes the batch into a group, unless its caller gave up first.</summary>
        public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

        public bool IsAnswered => _answer.Task.IsCompleted;

        public void Complete(AppendResult result) => _answer.TrySetResult(result);

        public void Fail(Exception error) => _answer.TrySetException(error);

        public async Task<AppendResult> WaitAsync(CancellationToken cancellationToken)
        {
            if (!cancellationToken.CanBeCanceled)
            {
                return await _answer.Task;
            }
            // A caller that gives up before its batch is taken into a group takes it out of the
            // queue; once taken, the batch is written (a retry with its key replays it).
            await using var registration = cancellationToken.Register(
                static state => Interlocked.CompareExchange(ref ((PendingAppend)state!)._state, Abandoned, Queued),
                this);
            return await _answer.Task.WaitAsync(cancellationToken);
        }
    }
}
