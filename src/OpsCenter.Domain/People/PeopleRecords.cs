namespace OpsCenter.Domain.People;

/// <summary>What a person may see and do; the Wall enforces it on the server for every page, query and export.</summary>
public static class Roles
{
    /// <summary>Watches the walls and reads the briefings of the whole city.</summary>
    public const string Operator = "operator";

    /// <summary>The chairman's office: the briefings of the whole city (and the walls).</summary>
    public const string Briefing = "briefing";

    /// <summary>A department or ward: its own unit's briefing, exports and embed tokens, nothing else.</summary>
    public const string Department = "department";

    /// <summary>Runs the center: everything, including sources, keys, people and devices.</summary>
    public const string Admin = "admin";

    /// <summary>A wall screen signed in with its device token (not a person).</summary>
    public const string Device = "device";

    public static readonly IReadOnlyList<string> People = [Operator, Briefing, Department, Admin];

    public static bool IsPersonRole(string? role) => role is not null && People.Contains(role, StringComparer.Ordinal);
}

/// <summary>A person who signs in to the Wall. The password hash never leaves the store.</summary>
/// <param name="Unit">The one unit a <see cref="Roles.Department"/> person sees; null for other roles.</param>
/// <param name="Email">Where alert mail goes; null: the person gets none.</param>
public sealed record PersonRecord(
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

/// <summary>
/// The answer to a sign-in attempt, for the Wall's log; the person signing in is told only
/// "signed in" or "refused", with the same status, body and timing for every refusal.
/// </summary>
public enum SignInOutcome
{
    SignedIn,

    /// <summary>Unknown username or wrong password.</summary>
    WrongPassword,

    /// <summary>Too many failures from this client address for this account: wait (the password was not checked).</summary>
    Delayed,

    Disabled,
}

/// <param name="DelayedUntil">When this client may try this account again (for <see cref="SignInOutcome.Delayed"/>).</param>
/// <param name="Stamp">The person's security stamp (for <see cref="SignInOutcome.SignedIn"/>): a session made with another is over.</param>
public sealed record SignInResult(SignInOutcome Outcome, PersonRecord? Person, DateTimeOffset? DelayedUntil, string? Stamp = null);

/// <summary>
/// What a signed-in session is checked against on every request: the person as now stored. A
/// session whose stamp differs (signed out, disabled, demoted, moved, new password) is over.
/// </summary>
public sealed record PersonSession(string Username, string Role, string? Unit, bool Disabled, string Stamp);

/// <summary>Where a wall screen is in its life: waiting for an admin, showing its view, or cut off.</summary>
public static class DeviceStatus
{
    public const string Pending = "pending";
    public const string Active = "active";
    public const string Revoked = "revoked";
}

/// <summary>A wall screen. Its token is stored hashed; its pairing code only while it waits.</summary>
public sealed record DeviceRecord(
    string Id,
    string Name,
    string Status,
    string? PairingCode,
    DateTimeOffset? PairingExpiresAt,
    string? View,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ApprovedAt,
    string? ApprovedBy,
    DateTimeOffset? LastSeenAt);

/// <summary>A new screen's pairing: the token goes to the screen once, the code is shown on it for an admin to approve.</summary>
public sealed record DevicePairing(DeviceRecord Device, string Token);
