namespace OpsCenter.Contracts.Admin;

/// <summary>A wall screen as <c>/api/admin/v1/devices</c> shows it: never its token (stored hashed).</summary>
/// <param name="Status">pending, active or revoked.</param>
/// <param name="PairingCode">The code the screen shows while it waits for an admin; null after.</param>
public sealed record DeviceInfo(
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

/// <summary><c>POST /api/admin/v1/devices/pairings</c>: a new screen; the token goes to the screen once, the code is shown on it.</summary>
public sealed record NewDevicePairing(DeviceInfo Device, string Token);

/// <summary>Body of <c>POST /api/admin/v1/devices/approve</c>: an admin approves the screen showing <paramref name="Code"/>, names it and gives it a view.</summary>
public sealed record DeviceApproval(string? Code, string? Name, string? View);

/// <summary>Body of <c>PUT /api/admin/v1/devices/{id}</c>.</summary>
public sealed record DeviceUpdate(string? Name, string? View);

/// <summary>Body of <c>POST /api/admin/v1/devices/authenticate</c>.</summary>
public sealed record DeviceTokenRequest(string? Token);
