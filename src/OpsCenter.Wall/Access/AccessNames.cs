using System.Security.Claims;
using OpsCenter.Domain.People;

namespace OpsCenter.Wall.Access;

/// <summary>Names of the Wall's authentication schemes, cookies, claims and policies.</summary>
public static class AccessNames
{
    /// <summary>Chooses <see cref="PersonScheme"/> or <see cref="DeviceScheme"/> per request.</summary>
    public const string Scheme = "opscenter";
    public const string PersonScheme = "person";
    public const string DeviceScheme = "device";
    public const string OidcScheme = "oidc";

    public const string PersonCookie = "opscenter.person";
    public const string DeviceCookie = "opscenter.device";

    public const string UnitClaim = "opscenter:unit";

    /// <summary>The person's security stamp when the session began: a session whose stamp is no longer the person's is over.</summary>
    public const string StampClaim = "opscenter:stamp";
    public const string DisplayNameClaim = "opscenter:display-name";
    public const string DeviceIdClaim = "opscenter:device-id";
    public const string DeviceViewClaim = "opscenter:device-view";
    public const string DeviceTokenClaim = "opscenter:device-token";

    /// <summary>Walls: operators, the briefing office, admins, and wall screens.</summary>
    public const string WallPolicy = "wall";

    /// <summary>Briefings: everyone signed in; department people only for their own unit (checked per unit).</summary>
    public const string BriefingPolicy = "briefing";

    /// <summary>City-wide briefings and exports (not department people).</summary>
    public const string CityPolicy = "city";

    public const string AdminPolicy = "admin";

    /// <summary>The alerts console: operators, admins and department people act (these their own unit's); the briefing office reads.</summary>
    public const string AlertsPolicy = "alerts";

    /// <summary>Embed tokens: admins for any unit, department people for their own.</summary>
    public const string EmbedPolicy = "embed";

    public static string? Role(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role);

    public static bool IsDevice(this ClaimsPrincipal user) => user.IsInRole(Roles.Device);

    /// <summary>Whether this principal may read a unit (or the city 79, or a group): department people see their own unit only.</summary>
    public static bool CanSee(this ClaimsPrincipal user, string unit)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Operator) || user.IsInRole(Roles.Briefing))
        {
            return true;
        }
        return user.IsInRole(Roles.Department) && user.FindFirstValue(UnitClaim) is { } own && string.Equals(own, unit, StringComparison.Ordinal);
    }

    /// <summary>The page a person lands on after signing in.</summary>
    public static string Home(this ClaimsPrincipal user) =>
        user.IsInRole(Roles.Department) && user.FindFirstValue(UnitClaim) is { } unit ? $"/briefing/unit/{unit}" : "/briefing";
}
