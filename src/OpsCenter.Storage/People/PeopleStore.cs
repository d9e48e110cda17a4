using OpsCenter.Domain.People;
using System.Data.Common;
using OpsCenter.Storage.Admin;

namespace OpsCenter.Storage.People;

/// <summary>How many wrong passwords in a row lock an account, and for how long.</summary>
public sealed record LockoutPolicy(int MaxFailures, TimeSpan Duration)
{
    public static readonly LockoutPolicy Default = new(5, TimeSpan.FromMinutes(15));
}

/// <summary>
/// Local accounts: hashed passwords, lockout after repeated failures, roles, a unit for department
/// people. Every change is audited in the same transaction; sign-ins are not configuration and
/// are not audited here (the Wall logs them).
/// </summary>
public sealed class PeopleStore(IStoreConnections store, TimeProvider time)
{
    private const string Columns = "username, display_name, role, unit, disabled, failed_count, locked_until, created_at, last_sign_in";

    public async Task<IReadOnlyList<PersonRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return await connection.QueryAsync($"SELECT {Columns} FROM people ORDER BY username", Read, cancellationToken);
    }

    public async Task<PersonRecord?> FindAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return (await connection.QueryAsync($"SELECT {Columns} FROM people WHERE username = @u", Read, cancellationToken, ("@u", Normalize(username)))).FirstOrDefault();
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return (int)(await connection.QueryAsync("SELECT COUNT(*) FROM people", r => r.GetInt64(0), cancellationToken)).Single();
    }

    /// <summary>Creates a person; false when the username is taken.</summary>
    public async Task<bool> CreateAsync(string username, string displayName, string role, string? unit, string password, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var hash = PasswordHash.Create(password);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(transaction,
            """
            INSERT INTO people (username, display_name, role, unit, password_hash, disabled, failed_count, locked_until, created_at, updated_at, last_sign_in)
            VALUES (@u, @name, @role, @unit, @hash, 0, 0, NULL, @now, @now, NULL) ON CONFLICT (username) DO NOTHING
            """,
            cancellationToken, ("@u", Normalize(username)), ("@name", displayName), ("@role", role), ("@unit", unit), ("@hash", hash), ("@now", now));
        if (inserted == 0)
        {
            return false;
        }
        await Audit.WriteAsync(connection, transaction, time, actor, "person.created", Normalize(username),
            new { username = Normalize(username), displayName, role, unit }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Changes name, role, unit or the disabled flag; false when the person does not exist.</summary>
    public Task<bool> UpdateAsync(string username, string displayName, string role, string? unit, bool disabled, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(actor, "person.updated", username, new { displayName, role, unit, disabled },
            "UPDATE people SET display_name = @name, role = @role, unit = @unit, disabled = @disabled, updated_at = @now WHERE username = @u",
            cancellationToken, ("@name", displayName), ("@role", role), ("@unit", unit), ("@disabled", disabled ? 1L : 0L));

    /// <summary>Sets a new password and lifts any lockout.</summary>
    public Task<bool> SetPasswordAsync(string username, string password, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(actor, "person.password-set", username, null,
            "UPDATE people SET password_hash = @hash, failed_count = 0, locked_until = NULL, updated_at = @now WHERE username = @u",
            cancellationToken, ("@hash", PasswordHash.Create(password)));

    public Task<bool> UnlockAsync(string username, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(actor, "person.unlocked", username, null,
            "UPDATE people SET failed_count = 0, locked_until = NULL, updated_at = @now WHERE username = @u", cancellationToken);

    public Task<bool> DeleteAsync(string username, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(actor, "person.deleted", username, null, "DELETE FROM people WHERE username = @u AND @now IS NOT NULL", cancellationToken);

    /// <summary>
    /// Checks a password. A wrong one counts a failure, and the <see cref="LockoutPolicy.MaxFailures"/>th
    /// in a row locks the account for <see cref="LockoutPolicy.Duration"/>; while locked even the right
    /// password is refused. An unknown username costs the same hashing time as a known one.
    /// </summary>
    public async Task<SignInResult> SignInAsync(string username, string password, LockoutPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var user = Normalize(username);
        var now = time.GetUtcNow();
        await using var connection = await store.OpenAsync(cancellationToken);
        var row = (await connection.QueryAsync($"SELECT {Columns}, password_hash FROM people WHERE username = @u",
            r => (Person: Read(r), Hash: r.GetString(9)), cancellationToken, ("@u", user))).FirstOrDefault();
        if (row.Person is null)
        {
            PasswordHash.Verify(password, PasswordHash.Decoy);
            return new SignInResult(SignInOutcome.WrongPassword, null, null);
        }
        if (row.Person.LockedUntil is { } locked && locked > now)
        {
            return new SignInResult(SignInOutcome.LockedOut, row.Person, locked);
        }
        if (!PasswordHash.Verify(password, row.Hash))
        {
            var until = now + policy.Duration;
            await connection.ExecuteAsync(null,
                """
                UPDATE people SET
                    locked_until = CASE WHEN failed_count + 1 >= @max THEN @until ELSE NULL END,
                    failed_count = CASE WHEN failed_count + 1 >= @max THEN 0 ELSE failed_count + 1 END
                WHERE username = @u
                """,
                cancellationToken, ("@u", user), ("@max", (long)policy.MaxFailures), ("@until", until.ToUnixTimeMilliseconds()));
            var after = (await connection.QueryAsync("SELECT locked_until FROM people WHERE username = @u",
                r => r.NullableInt64(0), cancellationToken, ("@u", user))).FirstOrDefault();
            return after is { } ms && ms > now.ToUnixTimeMilliseconds()
                ? new SignInResult(SignInOutcome.LockedOut, row.Person, DateTimeOffset.FromUnixTimeMilliseconds(ms))
                : new SignInResult(SignInOutcome.WrongPassword, row.Person, null);
        }
        if (row.Person.Disabled)
        {
            return new SignInResult(SignInOutcome.Disabled, row.Person, null);
        }
        await connection.ExecuteAsync(null, "UPDATE people SET failed_count = 0, locked_until = NULL, last_sign_in = @now WHERE username = @u",
            cancellationToken, ("@u", user), ("@now", now.ToUnixTimeMilliseconds()));
        return new SignInResult(SignInOutcome.SignedIn, row.Person with { FailedSignIns = 0, LockedUntil = null, LastSignInAt = now }, null);
    }

    /// <summary>Usernames are case-insensitive: stored and compared in lower case.</summary>
    public static string Normalize(string username) => username.Trim().ToLowerInvariant();

    private Task<bool> ChangeAsync(string actor, string action, string username, object? details, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters) =>
        Audit.ChangeAsync(store, time, actor, action, Normalize(username), details, sql, cancellationToken,
            [.. parameters, ("@u", Normalize(username)), ("@now", time.GetUtcNow().ToUnixTimeMilliseconds())]);

    private static PersonRecord Read(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.NullableString(3), r.GetInt64(4) != 0, (int)r.GetInt64(5),
        r.NullableInt64(6) is { } locked ? DateTimeOffset.FromUnixTimeMilliseconds(locked) : null,
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)),
        r.NullableInt64(8) is { } last ? DateTimeOffset.FromUnixTimeMilliseconds(last) : null);
}
