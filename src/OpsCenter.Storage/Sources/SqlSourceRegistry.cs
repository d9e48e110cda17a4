using System.Data.Common;
using System.Text.Json;
using OpsCenter.Storage.Admin;

namespace OpsCenter.Storage.Sources;

/// <summary>Sources and their keys, in portable SQL over either engine.</summary>
public sealed class SqlSourceRegistry(IStoreConnections store, TimeProvider time) : ISourceRegistry
{
    private const string Columns = "s.id, s.name, s.units, s.kinds, s.interval_seconds, s.health_url, s.health_system";

    public async Task<Source?> FindByKeyAsync(string apiKey, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync(
            $"SELECT {Columns} FROM source_keys k JOIN sources s ON s.id = k.source_id WHERE k.key_hash = @hash AND k.revoked_at IS NULL",
            Read, cancellationToken, ("@hash", ApiKeyHash.Of(apiKey)));
        return rows.FirstOrDefault();
    }

    public async Task<Source?> GetSourceAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return (await connection.QueryAsync($"SELECT {Columns} FROM sources s WHERE s.id = @id", Read, cancellationToken, ("@id", id))).FirstOrDefault();
    }

    public async Task<IReadOnlyList<Source>> ListSourcesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return await connection.QueryAsync($"SELECT {Columns} FROM sources s ORDER BY s.id", Read, cancellationToken);
    }

    public async Task UpsertSourceAsync(Source source, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(transaction,
            """
            INSERT INTO sources (id, name, units, kinds, interval_seconds, health_url, health_system)
            VALUES (@id, @name, @units, @kinds, @interval, @url, @system)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, units = excluded.units, kinds = excluded.kinds,
                interval_seconds = excluded.interval_seconds, health_url = excluded.health_url, health_system = excluded.health_system
            """,
            cancellationToken,
            ("@id", source.Id), ("@name", source.Name),
            ("@units", source.Units is null ? null : JsonSerializer.Serialize(source.Units)),
            ("@kinds", JsonSerializer.Serialize(source.Kinds)),
            ("@interval", (long)source.ExpectedInterval.TotalSeconds), ("@url", source.HealthUrl), ("@system", source.HealthSystem));
        await Audit.WriteAsync(connection, transaction, time, actor, "source.saved", source.Id, source, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task AddKeyAsync(string sourceId, string apiKey, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(null,
            "INSERT INTO source_keys (key_hash, key_id, source_id, created_at) VALUES (@hash, @id, @source, @now) ON CONFLICT (key_hash) DO NOTHING",
            cancellationToken,
            ("@hash", ApiKeyHash.Of(apiKey)), ("@id", ApiKeyHash.IdOf(apiKey)), ("@source", sourceId), ("@now", time.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    public async Task<IssuedKey> IssueKeyAsync(string sourceId, string actor, CancellationToken cancellationToken)
    {
        var key = ApiKeyHash.NewKey();
        var issued = new IssuedKey(ApiKeyHash.IdOf(key), key);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(transaction,
            "INSERT INTO source_keys (key_hash, key_id, source_id, created_at) VALUES (@hash, @id, @source, @now)",
            cancellationToken,
            ("@hash", ApiKeyHash.Of(key)), ("@id", issued.KeyId), ("@source", sourceId), ("@now", time.GetUtcNow().ToUnixTimeMilliseconds()));
        await Audit.WriteAsync(connection, transaction, time, actor, "key.issued", sourceId, new { issued.KeyId }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return issued;
    }

    public async Task<bool> RevokeKeyAsync(string sourceId, string keyId, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(transaction,
            "UPDATE source_keys SET revoked_at = @now WHERE source_id = @source AND key_id = @id AND revoked_at IS NULL",
            cancellationToken,
            ("@now", time.GetUtcNow().ToUnixTimeMilliseconds()), ("@source", sourceId), ("@id", keyId));
        if (changed > 0)
        {
            await Audit.WriteAsync(connection, transaction, time, actor, "key.revoked", sourceId, new { KeyId = keyId }, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return changed > 0;
    }

    public async Task<IReadOnlyList<SourceKeyRecord>> ListKeysAsync(string sourceId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return await connection.QueryAsync(
            "SELECT key_id, created_at, revoked_at FROM source_keys WHERE source_id = @source AND key_id IS NOT NULL ORDER BY created_at, key_id",
            r => new SourceKeyRecord(r.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)),
                r.NullableInt64(2) is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null),
            cancellationToken, ("@source", sourceId));
    }

    private static Source Read(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.NullableString(2) is { } units ? JsonSerializer.Deserialize<string[]>(units) : null,
        JsonSerializer.Deserialize<string[]>(r.GetString(3)) ?? [],
        TimeSpan.FromSeconds(r.GetInt64(4)),
        r.NullableString(5),
        r.NullableString(6));
}
