using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpsCenter.Domain.People;

namespace OpsCenter.Wall.Access;

/// <summary>
/// A wall screen presents its device token in the <see cref="AccessNames.DeviceCookie"/> cookie
/// (set when it paired, or by a kiosk's start URL <c>/pair?token=</c>). Only an active screen is
/// signed in; a waiting or revoked one is sent to the pairing page, which says which.
/// </summary>
internal sealed class DeviceAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    DeviceDirectory directory)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.TryGetValue(AccessNames.DeviceCookie, out var token) || string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }
        var screen = await directory.FindAsync(token, Context.RequestAborted);
        if (screen is not { IsActive: true })
        {
            return AuthenticateResult.Fail(screen is null ? "Unknown screen." : $"Screen {screen.Status}.");
        }
        return AuthenticateResult.Success(new AuthenticationTicket(Principal(screen, token), Scheme.Name));
    }

    public static ClaimsPrincipal Principal(Screen screen, string token)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.Name, screen.Name),
            new(ClaimTypes.Role, Roles.Device),
            new(AccessNames.DeviceIdClaim, screen.Id),
            new(AccessNames.DeviceTokenClaim, token),
        ];
        if (screen.View is { } view)
        {
            claims.Add(new(AccessNames.DeviceViewClaim, view));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AccessNames.DeviceScheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var back = LocalUrls.OrDefault(Request.PathBase + Request.Path + Request.QueryString, "/");
        Response.Redirect("/pair?returnUrl=" + Uri.EscapeDataString(back));
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.Redirect("/denied");
        return Task.CompletedTask;
    }
}
