using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;
using OpsCenter.Contracts.Admin;
using OpsCenter.Domain.People;

namespace OpsCenter.Wall.Access;

/// <summary>
/// Re-checks an open page's person or screen every few seconds. A revoked screen, a screen moved
/// to another view, a disabled person or a changed role ends the page's authentication state; the
/// page then reloads itself and the server decides afresh (pairing page, new view, sign-in).
/// An unreachable collector changes nothing: faults must not blank the walls.
/// </summary>
internal sealed class RevalidatingAccessStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopes,
    IOptions<AccessOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => options.Value.RevalidateInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return true;
        }
        using var scope = scopes.CreateScope();
        if (user.IsDevice())
        {
            var token = user.FindFirstValue(AccessNames.DeviceTokenClaim);
            var screen = token is null ? null : await scope.ServiceProvider.GetRequiredService<DeviceDirectory>().FindAsync(token, cancellationToken);
            return screen is { IsActive: true } && screen.View == user.FindFirstValue(AccessNames.DeviceViewClaim);
        }
        // An unreachable collector ends nothing: the last answer stands.
        return await scope.ServiceProvider.GetRequiredService<PersonSessions>().CheckAsync(user, cancellationToken) != PersonSessions.Verdict.Ended;
    }

    /// <summary>The claims of a signed-in person, with the security stamp their session is checked against.</summary>
    public static ClaimsPrincipal PersonPrincipal(PersonInfo person, string stamp)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.Name, person.Username),
            new(ClaimTypes.Role, person.Role),
            new(AccessNames.DisplayNameClaim, person.DisplayName),
            new(AccessNames.StampClaim, stamp),
        ];
        if (person.Unit is { } unit)
        {
            claims.Add(new(AccessNames.UnitClaim, unit));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AccessNames.PersonScheme));
    }
}
