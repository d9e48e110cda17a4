using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using OpsCenter.Contracts.Admin;

namespace OpsCenter.Wall.Access;

/// <summary>Turns a person the external provider vouched for into that OpsCenter account, or refuses them.</summary>
public static partial class OidcPeople
{
    public static async Task MapToPersonAsync(TokenValidatedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<OidcOptions>>().Value;
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("OpsCenter.Wall.Access.Oidc");
        var username = context.Principal?.FindFirstValue(options.UsernameClaim);
        var admin = context.HttpContext.RequestServices.GetRequiredService<CollectorAdmin>();
        var person = string.IsNullOrWhiteSpace(username) ? null : await admin.FindPersonAsync(username, context.HttpContext.RequestAborted);
        var session = person is null ? null : await admin.SessionAsync(person.Username, context.HttpContext.RequestAborted);
        if (person is not { Disabled: false } || session is null)
        {
            LogRefused(logger, username ?? "(no username claim)");
            context.Fail("No enabled OpsCenter account has this username.");
            context.HandleResponse();
            context.Response.Redirect("/signin?error=noAccount");
            return;
        }
        context.Principal = RevalidatingAccessStateProvider.PersonPrincipal(person, session.Stamp);
        LogSignedIn(logger, person.Username, person.Role);
    }

    [LoggerMessage(LogLevel.Information, "{Username} signed in through OpenID Connect as {Role}")]
    private static partial void LogSignedIn(ILogger logger, string username, string role);

    [LoggerMessage(LogLevel.Warning, "OpenID Connect sign-in refused: no enabled OpsCenter account for {Username}")]
    private static partial void LogRefused(ILogger logger, string username);
}
