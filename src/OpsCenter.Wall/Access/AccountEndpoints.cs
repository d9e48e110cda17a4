using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OpsCenter.Contracts.Admin;

namespace OpsCenter.Wall.Access;

/// <summary>Sign-in and sign-out for people, and the language switch (wall screens pair at <see cref="PairingEndpoints"/>).</summary>
public static partial class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/signin", SignInAsync).DisableAntiforgery().AllowAnonymous().RequireRateLimiting(SignInRateLimitPolicy.Name);
        app.MapPost("/account/signout", SignOutAsync).AllowAnonymous();
        app.MapGet("/culture", SetCulture).AllowAnonymous();
        app.MapGet("/account/oidc", (string? returnUrl, IOptions<OidcOptions> oidc) => oidc.Value.IsConfigured
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalUrls.OrDefault(returnUrl, "/account/home") }, [AccessNames.OidcScheme])
            : Results.NotFound()).AllowAnonymous();
        app.MapGet("/account/home", (HttpContext context) => Results.Redirect(context.User.Identity?.IsAuthenticated == true ? context.User.Home() : "/signin"));
        return app;
    }

    internal static async Task<IResult> SignInAsync(
        HttpContext context, [FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl,
        CollectorAdmin admin, PersonSessions sessions, ILoggerFactory loggers)
    {
        // Antiforgery: the form carries the token; checked here so a failure reads as a sign-in error, not a 400 page.
        var antiforgery = context.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>();
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.Redirect(SignInUrl("expired", returnUrl, username));
        }
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
        {
            return Results.Redirect(SignInUrl("missing", returnUrl, username));
        }
        var logger = loggers.CreateLogger("OpsCenter.Wall.Access.SignIn");
        SignInAnswer answer;
        try
        {
            // The client's address as the gateway forwarded it: the collector counts attempts per account and address.
            answer = await admin.SignInAsync(username.Trim(), password, ClientBuckets.ClientKey(context.Connection.RemoteIpAddress), context.RequestAborted);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or AdminRequestException)
        {
            LogSignInUnavailable(logger, e.Message);
            return Results.Redirect(SignInUrl("unavailable", returnUrl, username));
        }
        if (answer is not { Outcome: SignInOutcomes.SignedIn, Person: { } person, Stamp: { } stamp })
        {
            // One answer for every refusal (unknown, waiting, disabled, wrong): the log keeps which.
            LogSignInRefused(logger, username.Trim(), answer.Outcome);
            return Results.Redirect(SignInUrl("refused", returnUrl, username));
        }
        sessions.Forget(person.Username);
        var principal = RevalidatingAccessStateProvider.PersonPrincipal(person, stamp);
        await context.SignInAsync(AccessNames.PersonScheme, principal, new AuthenticationProperties { IsPersistent = false });
        LogSignedIn(logger, person.Username, person.Role);
        return LocalUrls.Redirect(returnUrl, principal.Home());
    }

    /// <summary>
    /// Signs the person out everywhere: the collector gives them a new security stamp, so this cookie
    /// (and any copy of it, on any device) is refused from the next request. If the collector cannot be
    /// reached, this browser still forgets the cookie.
    /// </summary>
    internal static async Task<IResult> SignOutAsync(HttpContext context, CollectorAdmin admin, PersonSessions sessions, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("OpsCenter.Wall.Access.SignIn");
        if (context.User.Identity?.Name is { } name && !context.User.IsDevice())
        {
            try
            {
                await admin.EndSessionsAsync(name, name, context.RequestAborted);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or AdminRequestException)
            {
                LogSignOutUnconfirmed(logger, name, e.Message);
            }
            sessions.Forget(name);
            LogSignedOut(logger, name);
        }
        await context.SignOutAsync(AccessNames.PersonScheme);
        return Results.Redirect("/signin?signedOut=1");
    }

    /// <summary>Keeps the chosen language in the culture cookie and goes back to the page.</summary>
    internal static IResult SetCulture(HttpContext context, string? culture, string? returnUrl)
    {
        if (culture is "vi-VN" or "en-US")
        {
            Components.CultureCookie.Keep(context.Response, new Microsoft.AspNetCore.Localization.RequestCulture(culture));
        }
        // Drop a ?culture= left in the page's address: the cookie decides from now on.
        var back = System.Text.RegularExpressions.Regex.Replace(LocalUrls.OrDefault(returnUrl, "/"), @"([?&])culture=[^&]*&?", "$1").TrimEnd('?', '&');
        return LocalUrls.Redirect(back, "/");
    }

    private static string SignInUrl(string error, string? returnUrl, string? username) =>
        $"/signin?error={Uri.EscapeDataString(error)}" +
        (LocalUrls.OrDefault(returnUrl, "") is { Length: > 0 } back ? "&returnUrl=" + Uri.EscapeDataString(back) : "") +
        (string.IsNullOrWhiteSpace(username) ? "" : "&username=" + Uri.EscapeDataString(username.Trim()));

    [LoggerMessage(LogLevel.Information, "{Username} signed in as {Role}")]
    private static partial void LogSignedIn(ILogger logger, string username, string role);

    [LoggerMessage(LogLevel.Information, "{Username} signed out")]
    private static partial void LogSignedOut(ILogger logger, string username);

    [LoggerMessage(LogLevel.Warning, "Sign-in refused for {Username}: {Outcome}")]
    private static partial void LogSignInRefused(ILogger logger, string username, string outcome);

    [LoggerMessage(LogLevel.Warning, "{Username} signed out here, but the collector did not answer ({Reason}): other sessions end when it does")]
    private static partial void LogSignOutUnconfirmed(ILogger logger, string username, string reason);

    [LoggerMessage(LogLevel.Error, "Sign-in unavailable: the collector did not answer ({Reason})")]
    private static partial void LogSignInUnavailable(ILogger logger, string reason);
}
