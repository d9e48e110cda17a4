using OpsCenter.Domain.People;
using System.Data.Common;
using System.Security.Cryptography;
using OpsCenter.Storage.Admin;
using OpsCenter.Storage.Sources;

namespace OpsCenter.Storage.People;

/// <summary>
/// Wall screens. A new screen asks for a pairing and receives its token at once, but the token
/// opens nothing until an administrator types the screen's pairing code and assigns it a view.
/// Tokens are stored hashed; a revoked screen stays listed (greyed) so the audit reads clearly.
/// </summary>
public sealed class DeviceStore(IStoreConnections store, TimeProvider time)
{
    /// <summary>How long a screen's code waits for an admin before the screen asks for a new one.</summary>
    public static readonly TimeSpan PairingLifetime = TimeSpan.FromHours(1);

    /// <summary>Letters and digits that cannot be mistaken for one another across a room (no 0/O, 1/I/L).</summary>
    private const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    private const string Columns = "id, name, status, pairing_code, pairing_expires, view_id, created_at, approved_at, approved_by, last_seen";

    public async Task<IReadOnlyList<DeviceRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return await connection.QueryAsync($"SELECT {Columns} FROM devices WHERE status <> @pending OR pairing_expires > @now ORDER BY created_at DESC",
            Read, cancellationToken, ("@pending", DeviceStatus.Pending), ("@now", time.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    public async Task<DeviceRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return (await connection.QueryAsync($"SELECT {Columns} FROM devices WHERE id = @id", Read, cancellationToken, ("@id", id))).FirstOrDefault();
    }

    /// <summary>A new screen: a pending device with a fresh token and a code to show. Expired pairings are swept here.</summary>
    public async Task<DevicePairing> StartPairingAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var token = "ocd_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await using var connection = await store.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(null, "DELETE FROM devices WHERE status = @pending AND pairing_expires <= @now", cancellationToken,
            ("@pending", DeviceStatus.Pending), ("@now", now.ToUnixTimeMilliseconds()));
        for (var attempt = 0; ; attempt++)
        {
            var code = NewCode();
            var id = "dev_" + SortableId.New(time);
            var inserted = await connection.ExecuteAsync(null,
                """
                INSERT INTO devices (id, name, status, pairing_code, pairing_expires, view_id, token_hash, created_at, approved_at, approved_by, last_seen)
                SELECT @id, @name, @pending, @code, @expires, NULL, @hash, @now, NULL, NULL, NULL
                WHERE NOT EXISTS (SELECT 1 FROM devices WHERE pairing_code = @code AND status = @pending)
                """,
                cancellationToken, ("@id", id), ("@name", ""), ("@pending", DeviceStatus.Pending), ("@code", code),
                ("@expires", (now + PairingLifetime).ToUnixTimeMilliseconds()), ("@hash", ApiKeyHash.Of(token)), ("@now", now.ToUnixTimeMilliseconds()));
            if (inserted == 1)
            {
                return new DevicePairing(new DeviceRecord(id, "", DeviceStatus.Pending, code, now + PairingLifetime, null, now, null, null, null), token);
            }
            if (attempt == 5)
            {
                throw new InvalidOperationException("Could not find a free pairing code.");
            }
        }
    }

    /// <summary>An admin approves the screen showing <paramref name="code"/>; null when no screen waits with that code.</summary>
    public async Task<DeviceRecord?> ApproveAsync(string code, string name, string view, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var normalized = NormalizeCode(code);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = (await connection.QueryAsync(transaction, "SELECT id FROM devices WHERE pairing_code = @code AND status = @pending AND pairing_expires > @now",
            r => r.GetString(0), cancellationToken, ("@code", normalized), ("@pending", DeviceStatus.Pending), ("@now", now.ToUnixTimeMilliseconds()))).FirstOrDefault();
        if (id is null)
        {
            return null;
        }
        await connection.ExecuteAsync(transaction,
            "UPDATE devices SET status = @active, name = @name, view_id = @view, pairing_code = NULL, pairing_expires = NULL, approved_at = @now, approved_by = @actor WHERE id = @id",
            cancellationToken, ("@active", DeviceStatus.Active), ("@name", name), ("@view", view), ("@now", now.ToUnixTimeMilliseconds()), ("@actor", actor), ("@id", id));
        await Audit.WriteAsync(connection, transaction, time, actor, "device.approved", id, new { name, view }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(id, cancellationToken);
    }

    /// <summary>Moves an active screen to another view, or renames it; it follows within seconds.</summary>
    public Task<bool> UpdateAsync(string id, string name, string view, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(actor, "device.updated", id, new { name, view },
            "UPDATE devices SET name = @name, view_id = @view WHERE id = @id AND status = @active",
            cancellationToken, ("@name", name), ("@view", view), ("@active", DeviceStatus.Active));

    /// <summary>Cuts a screen off: its token opens nothing from now on (it shows a new pairing code).</summary>
    public Task<bool> RevokeAsync(string id, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(actor, "device.revoked", id, null,
            "UPDATE devices SET status = @revoked, pairing_code = NULL, pairing_expires = NULL WHERE id = @id AND status <> @revoked",
            cancellationToken, ("@revoked", DeviceStatus.Revoked));

    public Task<bool> DeleteAsync(string id, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(actor, "device.deleted", id, null, "DELETE FROM devices WHERE id = @id", cancellationToken);

    /// <summary>The screen a token belongs to (any status), noting when it was last seen (at most once a minute).</summary>
    public async Task<DeviceRecord?> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await store.OpenAsync(cancellationToken);
        var device = (await connection.QueryAsync($"SELECT {Columns} FROM devices WHERE token_hash = @hash", Read, cancellationToken,
            ("@hash", ApiKeyHash.Of(token)))).FirstOrDefault();
        if (device is { Status: DeviceStatus.Active } && (device.LastSeenAt is not { } seen || now - seen > TimeSpan.FromMinutes(1)))
        {
            await connection.ExecuteAsync(null, "UPDATE devices SET last_seen = @now WHERE id = @id", cancellationToken,
                ("@now", now.ToUnixTimeMilliseconds()), ("@id", device.Id));
            device = device with { LastSeenAt = now };
        }
        if (device is { Status: DeviceStatus.Pending, PairingExpiresAt: { } expires } && expires <= now)
        {
            return null;
        }
        return device;
    }

    /// <summary>Codes are typed by people: case, spaces and dashes do not matter.</summary>
    public static string NormalizeCode(string code) =>
        new([.. code.ToUpperInvariant().Where(c => c is not (' ' or '-'))]);

    private static string NewCode()
    {
        Span<char> chars = stackalloc char[6];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = CodeAlphabet[RandomNumberGenerator.GetInt32(CodeAlphabet.Length)];
        }
        return new string(chars);
    }

    private Task<bool> ChangeAsync(string actor, string action, string id, object? details, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters) =>
        Audit.ChangeAsync(store, time, actor, action, id, details, sql, cancellationToken, [.. parameters, ("@id", id)]);

    private static DeviceRecord Read(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.NullableString(3),
        r.NullableInt64(4) is { } expires ? DateTimeOffset.FromUnixTimeMilliseconds(expires) : null,
        r.NullableString(5), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)),
        r.NullableInt64(7) is { } approved ? DateTimeOffset.FromUnixTimeMilliseconds(approved) : null,
        r.NullableString(8),
        r.NullableInt64(9) is { } seen ? DateTimeOffset.FromUnixTimeMilliseconds(seen) : null);
}
