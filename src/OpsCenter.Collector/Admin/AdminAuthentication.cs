using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OpsCenter.Collector.Admin;

/// <summary>An administrator's service key: the Wall's admin pages use one on behalf of signed-in people.</summary>
public sealed class AdminKey
{
    public string Name { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary><c>admin</c> (the default: every admin endpoint) or <c>alert-writer</c> (the aggregator's key: alert transitions only).</summary>
    public string Role { get; set; } = AdminPolicies.Admin;
}

public sealed class AdminOptions
{
    public const string Section = "Collector:Admin";

    public List<AdminKey> Keys { get; } = [];
}

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;admin key&gt;</c>. A trusted caller (the Wall) names
/// the person acting in <c>X-OpsCenter-Actor</c>; the audit log records both.
/// </summary>
internal sealed partial class AdminAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<AdminOptions> admins)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AdminKey";
    public const string ActorHeader = "X-OpsCenter-Actor";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
        var match = admins.CurrentValue.Keys.FirstOrDefault(k =>
            k.Key.Length > 0 && CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(k.Key))));
        if (match is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown admin key."));
        }
        var actor = match.Name;
        var claims = new List<Claim>();
        var onBehalfOf = Request.Headers[ActorHeader].ToString();
        if (onBehalfOf.Length > 0)
        {
            if (!ActorPattern().IsMatch(onBehalfOf))
            {
                return Task.FromResult(AuthenticateResult.Fail($"{ActorHeader} must be 1-64 letters, digits or . _ @ -."));
            }
            actor = $"{match.Name}:{onBehalfOf}";
            claims.Add(new Claim(AdminPolicies.PersonClaim, onBehalfOf));
        }
        var role = string.IsNullOrWhiteSpace(match.Role) ? AdminPolicies.Admin : match.Role.Trim();
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, actor), new Claim(ClaimTypes.Role, role), .. claims], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "An admin key is required",
            detail: "Send 'Authorization: Bearer <admin key>'.").ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Administrators only").ExecuteAsync(Context);

    [GeneratedRegex(@"^[\p{L}\p{N}._@-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ActorPattern();
}

public static class AdminPolicies
{
    public const string Admin = "admin";

    /// <summary>The aggregator's key: may post alert transitions and nothing else.</summary>
    public const string AlertWriter = "alert-writer";

    /// <summary>The person named in <c>X-OpsCenter-Actor</c>, without the key's name.</summary>
    public const string PersonClaim = "opscenter:person";

    /// <summary>The person acting (from <c>X-OpsCenter-Actor</c>), else the key's name: who an alert event says did it.</summary>
    public static string Person(this ClaimsPrincipal user) => user.FindFirstValue(PersonClaim) ?? user.Actor();

    /// <summary>Who is acting, for the audit log.</summary>
    public static string Actor(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? "unknown";
}
