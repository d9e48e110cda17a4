using OpsCenter.Domain.People;
using System.Data.Common;
using OpsCenter.Storage.Admin;

namespace OpsCenter.Storage.People;

/// <summary>
/// How sign-in attempts are slowed, per account and client address: <see cref="FreeTries"/> attempts
/// without waiting, then each further attempt only after a delay that doubles from
/// <see cref="FirstDelay"/> up to <see cref="MaxDelay"/>. Nobody can lock an account from elsewhere:
/// the delay is the guessing client's own. A successful sign-in clears that client's count.
/// </summary>
public sealed record SignInPolicy(int FreeTries, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    public static readonly SignInPolicy Default = new(5, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15));

    /// <summary>How long after the attempt that makes <paramref name="failures"/> the next may be made.</summary>
    public TimeSpan DelayAfter(long failures)
    {
        if (failures <= FreeTries)
        {
            return TimeSpan.Zero;
        }
        var doublings = Math.Min(failures - FreeTries - 1, 30);
        var delay = FirstDelay * Math.Pow(2, doublings);
        return delay < MaxDelay ? delay : MaxDelay;
    }
}

/// <summary>An administrator defined in configuration, not in the store: signs in when the store's accounts cannot (break glass).</summary>
public sealed record BreakGlassAccount(string Username, string PasswordHash)
{
    public const string DisplayName = "Break-glass administrator";

    /// <summary>Changes when the configured hash changes: sessions made with the old one end.</summary>
    public string Stamp => "break-glass:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(PasswordHash)))[..16];
}

/// <summary>
/// Local accounts: hashed passwords, lockout after repeated failures, roles, a unit for department
/// people. Every change is audited in the same transaction; sign-ins are not configuration and
/// are not audited here (the Wall logs them).
/// </summary>
public sealed class PeopleStore(IStoreConnections store, TimeProvider time, PasswordHashing hashing)
{
    // Failures and the delay shown to admins: the worst of the account's client addresses.
    private const string Columns = """
        username, display_name, role, unit, disabled,
        COALESCE((SELECT MAX(a.failures) FROM sign_in_attempts a WHERE a.username = people.username), 0),
        (SELECT MAX(a.next_allowed) FROM sign_in_attempts a WHERE a.username = people.username),
        created_at, last_sign_in, email
        """;

    private static long _signIns;

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
    public async Task<bool> CreateAsync(string username, string displayName, string role, string? unit, string password, string actor, CancellationToken cancellationToken,
        string? email = null)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var hash = hashing.Create(password);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(transaction,
            """
            INSERT INTO people (username, display_name, role, unit, password_hash, disabled, failed_count, locked_until, created_at, updated_at, last_sign_in, security_stamp, email)
            VALUES (@u, @name, @role, @unit, @hash, 0, 0, NULL, @now, @now, NULL, @stamp, @email) ON CONFLICT (username) DO NOTHING
            """,
            cancellationToken, ("@u", Normalize(username)), ("@name", displayName), ("@role", role), ("@unit", unit), ("@hash", hash), ("@now", now), ("@stamp", NewStamp()),
            ("@email", email));
        if (inserted == 0)
        {
            return false;
        }
        await Audit.WriteAsync(connection, transaction, time, actor, "person.created", Normalize(username),
            new { username = Normalize(username), displayName, role, unit, email }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Changes name, role, unit or the disabled flag; false when the person does not exist. A change
    /// of role, unit or the disabled flag gives a new security stamp: the person's sessions end.
    /// </summary>
    public Task<bool> UpdateAsync(string username, string displayName, string role, string? unit, bool disabled, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(actor, "person.updated", username, new { displayName, role, unit, disabled },
            """
            UPDATE people SET
                security_stamp = CASE WHEN role = @role AND disabled = @disabled AND COALESCE(unit, '') = COALESCE(@unit, '') THEN security_stamp ELSE @stamp END,
                display_name = @name, role = @role, unit = @unit, disabled = @disabled, updated_at = @now
            WHERE username = @u
            """,
            cancellationToken, ("@name", displayName), ("@role", role), ("@unit", unit), ("@disabled", disabled ? 1L : 0L), ("@stamp", NewStamp()));

    /// <summary>Sets or clears (null) the person's e-mail address for alert mail; false when the person does not exist.</summary>
    public Task<bool> SetEmailAsync(string username, string? email, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(actor, "person.email-set", username, new { email },
            "UPDATE people SET email = @email, updated_at = @now WHERE username = @u", cancellationToken, ("@email", email));

    /// <summary>Sets a new password, lifts any delay and ends the person's sessions.</summary>
    public async Task<bool> SetPasswordAsync(string username, string password, string actor, CancellationToken cancellationToken)
    {
        await ClearAttemptsAsync(username, cancellationToken);
        return await ChangeAsync(actor, "person.password-set", username, null,
            "UPDATE people SET password_hash = @hash, security_stamp = @stamp, updated_at = @now WHERE username = @u",
            cancellationToken, ("@hash", hashing.Create(password)), ("@stamp", NewStamp()));
    }

    /// <summary>Lifts the sign-in delay of every client address for the account.</summary>
    public async Task<bool> UnlockAsync(string username, string actor, CancellationToken cancellationToken)
    {
        await ClearAttemptsAsync(username, cancellationToken);
        return await ChangeAsync(actor, "person.unlocked", username, null,
            "UPDATE people SET failed_count = 0, locked_until = NULL, updated_at = @now WHERE username = @u", cancellationToken);
    }

    /// <summary>Ends every session of the person (signing out signs out everywhere): a new security stamp.</summary>
    public Task<bool> EndSessionsAsync(string username, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(actor, "person.signed-out", username, null,
            "UPDATE people SET security_stamp = @stamp, updated_at = @now WHERE username = @u", cancellationToken, ("@stamp", NewStamp()));

    /// <summary>What a session is checked against; null when the person no longer exists.</summary>
    public async Task<PersonSession?> SessionAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return (await connection.QueryAsync("SELECT username, role, unit, disabled, COALESCE(security_stamp, '') FROM people WHERE username = @u",
            r => new PersonSession(r.GetString(0), r.GetString(1), r.NullableString(2), r.GetInt64(3) != 0, r.GetString(4)),
            cancellationToken, ("@u", Normalize(username)))).FirstOrDefault();
    }

    private async Task ClearAttemptsAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(null, "DELETE FROM sign_in_attempts WHERE username = @u", cancellationToken, ("@u", Normalize(username)));
    }

    private static string NewStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public Task<bool> DeleteAsync(string username, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(actor, "person.deleted", username, null, "DELETE FROM people WHERE username = @u AND @now IS NOT NULL", cancellationToken);

    /// <summary>
    /// Checks a password for an account from a client address. The attempt is first claimed, in one
    /// atomic step, as a failure of that account from that address (so parallel guesses cannot slip
    /// past the count, and a failure in flight never clears anything); while the address must wait
    /// (<see cref="SignInPolicy"/>) the password is not checked. Every refusal costs the same: one
    /// claim written, one read, one password hash (a decoy for unknown names and waiting clients), so
    /// neither the answer's timing nor its content tells whether a username exists. A success clears
    /// the address's count. <paramref name="breakGlass"/>, when configured, is checked instead of the
    /// store for its username.
    /// </summary>
    public async Task<SignInResult> SignInAsync(string username, string password, string client, SignInPolicy policy,
        BreakGlassAccount? breakGlass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var user = Normalize(username);
        client = client.Length <= 64 ? client : client[..64];
        await using var connection = await store.OpenAsync(cancellationToken);
        var delayedUntil = await ClaimAttemptAsync(connection, user, client, policy, cancellationToken);
        var row = (await connection.QueryAsync($"SELECT {Columns}, password_hash, COALESCE(security_stamp, '') FROM people WHERE username = @u",
            r => (Person: Read(r), Hash: r.GetString(10), Stamp: r.GetString(11)), cancellationToken, ("@u", user))).FirstOrDefault();
        var isBreakGlass = breakGlass is not null && string.Equals(Normalize(breakGlass.Username), user, StringComparison.Ordinal);
        var hash = delayedUntil is not null ? hashing.Decoy
            : isBreakGlass ? breakGlass!.PasswordHash
            : row.Person is not null ? row.Hash
            : hashing.Decoy;
        var verified = PasswordHash.Verify(password, hash);
        if (delayedUntil is not null)
        {
            return new SignInResult(SignInOutcome.Delayed, null, delayedUntil);
        }
        if (!verified || (row.Person is null && !isBreakGlass))
        {
            return new SignInResult(SignInOutcome.WrongPassword, null, null);
        }
        var now = time.GetUtcNow();
        if (isBreakGlass)
        {
            await ClearAttemptAsync(connection, user, client, cancellationToken);
            return new SignInResult(SignInOutcome.SignedIn, new PersonRecord(user, BreakGlassAccount.DisplayName, Roles.Admin, null, false, 0, null, now, now), null, breakGlass!.Stamp);
        }
        if (row.Person!.Disabled)
        {
            return new SignInResult(SignInOutcome.Disabled, null, null);
        }
        await ClearAttemptAsync(connection, user, client, cancellationToken);
        await connection.ExecuteAsync(null, "UPDATE people SET last_sign_in = @now WHERE username = @u",
            cancellationToken, ("@u", user), ("@now", now.ToUnixTimeMilliseconds()));
        return new SignInResult(SignInOutcome.SignedIn, row.Person with { FailedSignIns = 0, LockedUntil = null, LastSignInAt = now }, null, row.Stamp);
    }

    // Claims one attempt by compare-and-set on the (account, address) row; null when claimed, else
    // until when the address must wait. Every path writes the row once, so refusals cost the same.
    private async Task<DateTimeOffset?> ClaimAttemptAsync(DbConnection connection, string user, string client, SignInPolicy policy, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (Interlocked.Increment(ref _signIns) % 256 == 0)
        {
            // Rows of addresses that stopped trying a day ago count for nothing any more.
            await connection.ExecuteAsync(null, "DELETE FROM sign_in_attempts WHERE updated_at < @cutoff", cancellationToken,
                ("@cutoff", now - (long)TimeSpan.FromDays(1).TotalMilliseconds));
        }
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var current = (await connection.QueryAsync("SELECT failures, next_allowed FROM sign_in_attempts WHERE username = @u AND client = @c",
                r => (Failures: r.GetInt64(0), Next: r.GetInt64(1)), cancellationToken, ("@u", user), ("@c", client))).ToList();
            if (current.Count == 0)
            {
                if (await connection.ExecuteAsync(null,
                        """
                        INSERT INTO sign_in_attempts (username, client, failures, next_allowed, updated_at) VALUES (@u, @c, 1, @next, @now)
                        ON CONFLICT (username, client) DO NOTHING
                        """,
                        cancellationToken, ("@u", user), ("@c", client), ("@next", now + (long)policy.DelayAfter(1).TotalMilliseconds), ("@now", now)) == 1)
                {
                    return null;
                }
                continue;
            }
            var (failures, next) = current[0];
            if (next > now)
            {
                // Waiting: the row is touched all the same, so that this answer costs what the others do.
                await connection.ExecuteAsync(null, "UPDATE sign_in_attempts SET updated_at = @now WHERE username = @u AND client = @c",
                    cancellationToken, ("@u", user), ("@c", client), ("@now", now));
                return DateTimeOffset.FromUnixTimeMilliseconds(next);
            }
            if (await connection.ExecuteAsync(null,
                    """
                    UPDATE sign_in_attempts SET failures = @f1, next_allowed = @next, updated_at = @now
                    WHERE username = @u AND client = @c AND failures = @f AND next_allowed = @n
                    """,
                    cancellationToken, ("@u", user), ("@c", client), ("@f", failures), ("@n", next), ("@f1", failures + 1),
                    ("@next", now + (long)policy.DelayAfter(failures + 1).TotalMilliseconds), ("@now", now)) == 1)
            {
                return null;
            }
        }
        // Fifty lost races in a row: this address is hammering; it waits like one that failed.
        return DateTimeOffset.FromUnixTimeMilliseconds(now) + policy.FirstDelay;
    }

    private static Task<int> ClearAttemptAsync(DbConnection connection, string user, string client, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(null, "DELETE FROM sign_in_attempts WHERE username = @u AND client = @c", cancellationToken, ("@u", user), ("@c", client));

    /// <summary>Usernames are case-insensitive: stored and compared in lower case.</summary>
    public static string Normalize(string username) => username.Trim().ToLowerInvariant();

    private Task<bool> ChangeAsync(string actor, string action, string username, object? details, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters) =>
        Audit.ChangeAsync(store, time, actor, action, Normalize(username), details, sql, cancellationToken,
            [.. parameters, ("@u", Normalize(username)), ("@now", time.GetUtcNow().ToUnixTimeMilliseconds())]);

    private static PersonRecord Read(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.NullableString(3), r.GetInt64(4) != 0, (int)r.GetInt64(5),
        r.NullableInt64(6) is { } locked ? DateTimeOffset.FromUnixTimeMilliseconds(locked) : null,
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)),
        r.NullableInt64(8) is { } last ? DateTimeOffset.FromUnixTimeMilliseconds(last) : null,
        r.NullableString(9));
}
