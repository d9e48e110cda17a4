namespace OpsCenter.Contracts.Admin;

/// <summary>
/// A person as <c>GET /api/admin/v1/people</c> lists them: role, unit, lockout state and alert-mail
/// address. Never a password or its hash, never the security stamp.
/// </summary>
/// <param name="Unit">The one unit a department person sees; null for other roles.</param>
/// <param name="Email">Where alert mail goes; null (absent on the wire): the person gets none.</param>
public sealed record PersonInfo(
    string Username,
    string DisplayName,
    string Role,
    string? Unit,
    bool Disabled,
    int FailedSignIns,
    DateTimeOffset? LockedUntil,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSignInAt,
    string? Email = null);

/// <summary>Body of <c>PUT /api/admin/v1/people/{username}</c>: creates a person (<see cref="Password"/> required) or changes one (optional).</summary>
/// <param name="Email">Where alert mail goes: null (absent) keeps the stored address, "" removes it.</param>
public sealed record PersonRequest(string? DisplayName, string? Role, string? Unit, string? Password, bool? Disabled, string? Email = null);

/// <summary>Body of <c>POST /api/admin/v1/people/{username}/password</c>.</summary>
public sealed record PasswordRequest(string? Password);

/// <summary>Body of <c>POST /api/admin/v1/people/sign-in</c>.</summary>
/// <param name="Client">The address the person signs in from (the Wall passes the forwarded client address): attempts are counted per account and address.</param>
public sealed record SignInRequest(string? Username, string? Password, string? Client);

/// <summary>
/// The answer to a sign-in check: <see cref="SignInOutcomes.SignedIn"/> with the person and their
/// security stamp, or why not (for the Wall's log; the person is told only that it was refused).
/// </summary>
public sealed record SignInAnswer(string Outcome, PersonInfo? Person, DateTimeOffset? DelayedUntil, string? Stamp);

/// <summary>The outcomes of <see cref="SignInAnswer"/>.</summary>
public static class SignInOutcomes
{
    public const string SignedIn = "signedIn";
    public const string Delayed = "delayed";
    public const string Disabled = "disabled";
    public const string WrongPassword = "wrongPassword";
}

/// <summary>
/// <c>GET /api/admin/v1/people/{username}/session</c>: what the Wall checks a session against on
/// every request. A session whose stamp differs (signed out, disabled, demoted, moved, new password) is over.
/// </summary>
public sealed record PersonSessionInfo(string Username, string Role, string? Unit, bool Disabled, string Stamp);
