using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using OpsCenter.Domain.People;
using OpsCenter.Storage.Admin;
using OpsCenter.Storage.Sources;

namespace OpsCenter.Storage.People;

/// <summary>Embed tokens in portable SQL: issued by the collector's admin API, checked by the aggregator's <c>/embed/</c>.</summary>
public sealed class EmbedTokenStore(IStoreConnections store, TimeProvider time)
{
    private const string Columns = "id, unit, label, kinds, origins, created_at, created_by, revoked_at";

    public async Task<IReadOnlyList<EmbedTokenRecord>> ListAsync(string? unit, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return unit is null
            ? await connection.QueryAsync($"SELECT {Columns} FROM embed_tokens ORDER BY created_at DESC", Read, cancellationToken)
            : await connection.QueryAsync($"SELECT {Columns} FROM embed_tokens WHERE unit = @unit ORDER BY created_at DESC", Read, cancellationToken, ("@unit", unit));
    }

    public async Task<EmbedTokenRecord?> FindByTokenAsync(string token, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return (await connection.QueryAsync($"SELECT {Columns} FROM embed_tokens WHERE token_hash = @hash", Read, cancellationToken,
            ("@hash", ApiKeyHash.Of(token)))).FirstOrDefault();
    }

    public async Task<EmbedTokenRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return (await connection.QueryAsync($"SELECT {Columns} FROM embed_tokens WHERE id = @id", Read, cancellationToken, ("@id", id))).FirstOrDefault();
    }

    public async Task<IssuedEmbedToken> IssueAsync(string unit, string label, IReadOnlyList<string> kinds, IReadOnlyList<string> origins, string actor, CancellationToken cancellationToken)
    {
        var token = "oce_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow();
        var record = new EmbedTokenRecord("emb_" + SortableId.New(time), unit, label, kinds, origins, now, actor, null);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(transaction,
            """
            INSERT INTO embed_tokens (id, token_hash, unit, label, kinds, origins, created_at, created_by, revoked_at)
            VALUES (@id, @hash, @unit, @label, @kinds, @origins, @now, @by, NULL)
            """,
            cancellationToken, ("@id", record.Id), ("@hash", ApiKeyHash.Of(token)), ("@unit", unit), ("@label", label),
            ("@kinds", JsonSerializer.Serialize(kinds)), ("@origins", JsonSerializer.Serialize(origins)), ("@now", now.ToUnixTimeMilliseconds()), ("@by", actor));
        await Audit.WriteAsync(connection, transaction, time, actor, "embed-token.issued", record.Id, new { unit, label, kinds, origins }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new IssuedEmbedToken(record, token);
    }

    public async Task<bool> RevokeAsync(string id, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var revoked = await connection.ExecuteAsync(transaction, "UPDATE embed_tokens SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL",
            cancellationToken, ("@now", time.GetUtcNow().ToUnixTimeMilliseconds()), ("@id", id)) > 0;
        if (revoked)
        {
            await Audit.WriteAsync(connection, transaction, time, actor, "embed-token.revoked", id, null, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return revoked;
    }

    private static EmbedTokenRecord Read(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2),
        JsonSerializer.Deserialize<string[]>(r.GetString(3)) ?? [], JsonSerializer.Deserialize<string[]>(r.GetString(4)) ?? [],
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)), r.GetString(6),
        r.NullableInt64(7) is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null);
}
