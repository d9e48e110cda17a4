using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OpsCenter.Aggregator.Access;

/// <summary>Service keys of trusted readers (the Wall server, tools), from configuration.</summary>
public sealed class ReaderOptions
{
    public const string Section = "Readers";

    /// <summary>Keys that may read every unit.</summary>
    public List<string> ServiceKeys { get; } = [];

    /// <summary>Keys that may read one unit only (a department's portal, a ward's own screen).</summary>
    public List<ScopedKey> ScopedKeys { get; } = [];
}

/// <summary>A reader key bound to one unit.</summary>
public sealed class ScopedKey
{
    public string Key { get; set; } = "";

    public string Unit { get; set; } = "";
}

/// <summary>
/// Authenticates readers by <c>Authorization: Bearer &lt;key&gt;</c>, or by the <c>access_token</c>
/// query parameter on the hub (browsers cannot set headers on WebSockets).
/// </summary>
internal sealed class ReaderAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ReaderOptions> readers)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ReaderKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = BearerOf(Request.Headers.Authorization.ToString());
        if (key is null && Request.Path.StartsWithSegments("/hubs"))
        {
            key = Request.Query["access_token"].ToString();
        }
        if (string.IsNullOrEmpty(key))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var current = readers.CurrentValue;
        var scope = current.ServiceKeys.Any(k => Matches(presented, k)) ? ReadClaims.AllUnits
            : current.ScopedKeys.FirstOrDefault(k => Matches(presented, k.Key))?.Unit;
        if (scope is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown key."));
        }
        var identity = new ClaimsIdentity([new Claim(ReadClaims.Scope, scope)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private static bool Matches(byte[] presented, string key) =>
        !string.IsNullOrEmpty(key) && CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A reader key is required",
            detail: "Send a service key or embed token as 'Authorization: Bearer <key>'.").ExecuteAsync(Context);

    private static string? BearerOf(string header) =>
        header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
}

public static class ReadClaims
{
    /// <summary>
    /// The units a reader may see: <see cref="AllUnits"/> or one unit code. Whatever authenticates a
    /// reader (service key, scoped key, later an embed token) sets this one claim, and
    /// <see cref="ReaderScope"/> is the only place that reads it.
    /// </summary>
    public const string Scope = "opscenter:scope";

    public const string AllUnits = "*";
}

public static class ReadPolicies
{
    public const string Reader = "reader";
}
