using System.Text.Json;
using OpsCenter.Storage.Events;

namespace OpsCenter.Storage.Retention;

/// <summary>One hour of one system's health, folded from raw samples.</summary>
public sealed record HealthHour(string Unit, string System, DateTimeOffset Hour, long Up, long Degraded, long Down, long LatencySum, long LatencyCount);

/// <summary>What one retention pass did.</summary>
public sealed record RetentionResult(int HealthEventsFolded, int IdempotencyRecordsDropped);

/// <summary>
/// Keeps the log from growing without bound. Health samples dominate the volume (every system of
/// every unit, every few seconds) and each one rarely changes anything, so raw samples are kept
/// for a window and then folded into hourly counts per unit and system (samples per status, summed
/// latency) before they are deleted, in the same transaction. Dossier, backlog, index and incident
/// events are the record the KPIs are computed from and are not deleted here. Idempotency records
/// are dropped after their own window: a source retries a batch within minutes, not days.
/// </summary>
public sealed class HealthRetention(IStoreConnections store)
{
    private const int ChunkSize = 5000;

    public async Task<RetentionResult> RunAsync(DateTimeOffset rawHealthBefore, DateTimeOffset idempotencyBefore, CancellationToken cancellationToken)
    {
        var folded = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var chunk = await FoldChunkAsync(rawHealthBefore, cancellationToken);
            folded += chunk;
            if (chunk < ChunkSize)
            {
                break;
            }
        }
        await using var connection = await store.OpenAsync(cancellationToken);
        var dropped = await connection.ExecuteAsync(null, "DELETE FROM ingest_batches WHERE received_at < @before", cancellationToken,
            ("@before", idempotencyBefore.ToUnixTimeMilliseconds()));
        return new RetentionResult(folded, dropped);
    }

    public async Task<IReadOnlyList<HealthHour>> ListHoursAsync(string unit, DateTimeOffset from, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return await connection.QueryAsync(
            "SELECT unit, system, hour, up, degraded, down, latency_sum, latency_count FROM health_hourly WHERE unit = @unit AND hour >= @from ORDER BY hour, system",
            r => new HealthHour(r.GetString(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)),
                r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7)),
            cancellationToken, ("@unit", unit), ("@from", from.ToUnixTimeMilliseconds()));
    }

    private async Task<int> FoldChunkAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = new List<(long Position, string Unit, long OccurredAt, string Payload)>();
        await using (var read = connection.Command(transaction,
            "SELECT position, unit, occurred_at, payload FROM events WHERE kind = 'health' AND received_at < @before ORDER BY position LIMIT @limit",
            ("@before", before.ToUnixTimeMilliseconds()), ("@limit", ChunkSize)))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3)));
            }
        }
        if (rows.Count == 0)
        {
            return 0;
        }
        var hours = new Dictionary<(string Unit, string System, long Hour), long[]>();
        foreach (var row in rows)
        {
            var sample = JsonSerializer.Deserialize<FoldedSample>(row.Payload, JsonSerializerOptions.Web);
            if (sample?.System is null)
            {
                continue;
            }
            var key = (row.Unit, sample.System, row.OccurredAt - (row.OccurredAt % 3_600_000));
            if (!hours.TryGetValue(key, out var counts))
            {
                hours[key] = counts = new long[5];
            }
            counts[sample.Status switch { "up" => 0, "degraded" => 1, _ => 2 }]++;
            if (sample.LatencyMs is { } latency)
            {
                counts[3] += latency;
                counts[4]++;
            }
        }
        foreach (var ((unit, system, hour), c) in hours)
        {
            await connection.ExecuteAsync(transaction,
                """
                INSERT INTO health_hourly (unit, system, hour, up, degraded, down, latency_sum, latency_count)
                VALUES (@unit, @system, @hour, @up, @degraded, @down, @sum, @count)
                ON CONFLICT (unit, system, hour) DO UPDATE SET up = health_hourly.up + excluded.up,
                    degraded = health_hourly.degraded + excluded.degraded, down = health_hourly.down + excluded.down,
                    latency_sum = health_hourly.latency_sum + excluded.latency_sum, latency_count = health_hourly.latency_count + excluded.latency_count
                """,
                cancellationToken, ("@unit", unit), ("@system", system), ("@hour", hour),
                ("@up", c[0]), ("@degraded", c[1]), ("@down", c[2]), ("@sum", c[3]), ("@count", c[4]));
        }
        await connection.ExecuteAsync(transaction, "DELETE FROM events WHERE kind = 'health' AND position >= @first AND position <= @last AND received_at < @before",
            cancellationToken, ("@first", rows[0].Position), ("@last", rows[^1].Position), ("@before", before.ToUnixTimeMilliseconds()));
        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }

    private sealed record FoldedSample(string? System, string? Status, int? LatencyMs);
}
