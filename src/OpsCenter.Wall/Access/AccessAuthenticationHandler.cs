using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OpsCenter.Wall.Access;

/// <summary>
/// The Wall's default scheme: a signed-in person if their cookie is valid, else an active screen by
/// its device token. Wall pages challenge to the pairing page (a screen must never land on a
/// sign-in form it cannot fill); every other page to the sign-in page.
/// </summary>
internal sealed class AccessAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var person = await Context.AuthenticateAsync(AccessNames.PersonScheme);
        if (person.Succeeded)
        {
            return AuthenticateResult.Success(new AuthenticationTicket(person.Principal, person.Properties, Scheme.Name));
        }
        var device = await Context.AuthenticateAsync(AccessNames.DeviceScheme);
        return device.Succeeded
            ? AuthenticateResult.Success(new AuthenticationTicket(device.Principal, device.Properties, Scheme.Name))
            : AuthenticateResult.NoResult();
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        IsWallPath(Request.Path) ? Context.ChallengeAsync(AccessNames.DeviceScheme, properties) : Context.ChallengeAsync(AccessNames.PersonScheme, properties);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.Redirect("/denied");
        return Task.CompletedTask;
    }

    public static bool IsWallPath(PathString path) => path == "/" || path.StartsWithSegments("/wall");
}
