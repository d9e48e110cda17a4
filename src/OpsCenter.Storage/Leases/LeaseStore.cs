using System.Data.Common;

namespace OpsCenter.Storage.Leases;

/// <summary>
/// A held lease. <see cref="Token"/> is the fencing number: it grows by one each time the lease
/// changes hands (or is taken again), so a write carrying an older token is from a holder that lost it.
/// </summary>
public sealed record Lease(string Name, string Holder, long Token, DateTimeOffset ExpiresAt);

/// <summary>
/// Named leases for work that must happen once across replicas (sending mail, retention, scheduled
/// reports, snapshots). Every change is one compare-and-set statement in portable SQL, so two
/// replicas racing on either engine never both hold a lease. Time comes from the injected
/// <see cref="TimeProvider"/>; replicas' clocks are assumed to agree to well within a ttl.
/// </summary>
public sealed class LeaseStore(IStoreConnections store, TimeProvider time)
{
    /// <summary>Takes the lease when it is free, expired or already this holder's; null when another holds it.</summary>
    public async Task<Lease?> TryAcquireAsync(string name, string holder, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        var now = time.GetUtcNow();
        var expires = now + ttl;
        await using var connection = await store.OpenAsync(cancellationToken);
        // A transaction for SQLite's sake: BEGIN IMMEDIATE waits for the write lock up front.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(transaction,
            """
            INSERT INTO leases (name, holder, token, acquired_at, expires_at) VALUES (@n, @h, 1, @now, @exp)
            ON CONFLICT (name) DO NOTHING
            """,
            cancellationToken, ("@n", name), ("@h", holder), ("@now", now.ToUnixTimeMilliseconds()), ("@exp", expires.ToUnixTimeMilliseconds()));
        long? token = inserted == 1 ? 1 : null;
        if (token is null)
        {
            // PostgreSQL re-checks the WHERE on the row a racing taker committed, so only one of them matches.
            var taken = await connection.QueryAsync(transaction,
                """
                UPDATE leases SET holder = @h, token = token + 1, acquired_at = @now, expires_at = @exp
                WHERE name = @n AND (expires_at <= @now OR holder = @h)
                RETURNING token
                """,
                r => r.GetInt64(0), cancellationToken,
                ("@n", name), ("@h", holder), ("@now", now.ToUnixTimeMilliseconds()), ("@exp", expires.ToUnixTimeMilliseconds()));
            token = taken.Count == 1 ? taken[0] : null;
        }
        await transaction.CommitAsync(cancellationToken);
        return token is { } t ? new Lease(name, holder, t, expires) : null;
    }

    /// <summary>Extends a lease still held (same holder and token, not expired); null when it was lost.</summary>
    public async Task<Lease?> RenewAsync(Lease lease, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        var now = time.GetUtcNow();
        var expires = now + ttl;
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var renewed = await connection.ExecuteAsync(transaction,
            "UPDATE leases SET expires_at = @exp WHERE name = @n AND holder = @h AND token = @t AND expires_at > @now",
            cancellationToken, ("@n", lease.Name), ("@h", lease.Holder), ("@t", lease.Token),
            ("@now", now.ToUnixTimeMilliseconds()), ("@exp", expires.ToUnixTimeMilliseconds()));
        await transaction.CommitAsync(cancellationToken);
        return renewed == 1 ? lease with { ExpiresAt = expires } : null;
    }

    /// <summary>
    /// Gives the lease up now, so the next taker need not wait for it to expire. The row stays (only
    /// its expiry moves), so the next taker's token is still higher. Does nothing to a lease already lost.
    /// </summary>
    public async Task ReleaseAsync(Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(transaction,
            "UPDATE leases SET expires_at = @now WHERE name = @n AND holder = @h AND token = @t AND expires_at > @now",
            cancellationToken, ("@n", lease.Name), ("@h", lease.Holder), ("@t", lease.Token), ("@now", now));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The fence for a write done under a lease: true when <paramref name="lease"/> is still held, and
    /// then the lease row stays write-locked until <paramref name="transaction"/> ends, so nobody can
    /// take the lease before the write commits. A holder that lost its lease gets false and must not write.
    /// </summary>
    public async Task<bool> FenceAsync(DbConnection connection, DbTransaction transaction, Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(lease);
        return await connection.ExecuteAsync(transaction,
            "UPDATE leases SET token = token WHERE name = @n AND holder = @h AND token = @t AND expires_at > @now",
            cancellationToken, ("@n", lease.Name), ("@h", lease.Holder), ("@t", lease.Token),
            ("@now", time.GetUtcNow().ToUnixTimeMilliseconds())) == 1;
    }

    /// <summary>The lease as the store has it now (any holder, expired or not); null when never taken.</summary>
    public async Task<Lease?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return (await connection.QueryAsync("SELECT name, holder, token, expires_at FROM leases WHERE name = @n",
            r => new Lease(r.GetString(0), r.GetString(1), r.GetInt64(2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3))),
            cancellationToken, ("@n", name))).FirstOrDefault();
    }
}
