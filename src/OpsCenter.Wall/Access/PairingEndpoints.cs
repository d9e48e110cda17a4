using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using OpsCenter.Domain.People;

namespace OpsCenter.Wall.Access;

/// <summary>
/// The pairing page of wall screens: plain HTML, nothing to click. Showing it writes nothing; a screen
/// without a pairing gets a form that its script posts at once (with an antiforgery token, limited per
/// client address: <see cref="PairingRateLimitPolicy"/>), which makes the pending screen and puts its
/// token in the device cookie. The page then shows the code and refreshes itself until an admin approves
/// the screen, and opens its view.
/// </summary>
public static class PairingEndpoints
{
    private static readonly TimeSpan DeviceCookieLifetime = TimeSpan.FromDays(3650);

    public static IEndpointRouteBuilder MapPairingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/pair", ShowAsync).AllowAnonymous();
        // Antiforgery is checked in the handler, so that a stale form gets a page that reloads, not a bare 400.
        app.MapPost("/pair", StartAsync).DisableAntiforgery().AllowAnonymous().RequireRateLimiting(PairingRateLimitPolicy.Name);
        return app;
    }

    internal static async Task<IResult> ShowAsync(
        HttpContext context, string? returnUrl, string? token, string? revoked, DeviceDirectory directory, IAntiforgery antiforgery)
    {
        var back = LocalUrls.OrDefault(returnUrl, "/");
        if (!string.IsNullOrEmpty(token))
        {
            // A kiosk's start URL carries its token once; it lives in the cookie from then on.
            SetDeviceCookie(context, token);
            directory.Forget(token);
            return Results.LocalRedirect(PairingPages.Url(back));
        }
        context.Response.Headers.CacheControl = "no-store";
        var screen = await HeldScreenAsync(context, directory);
        if (screen is { IsActive: true })
        {
            return Results.LocalRedirect(back);
        }
        if (screen is { Status: DeviceStatus.Pending })
        {
            return PairingPages.Html(PairingPages.Code(screen, revoked == "1"));
        }
        // No screen yet, or one revoked or expired: the form asks for a new pairing.
        var tokens = antiforgery.GetAndStoreTokens(context);
        return PairingPages.Html(PairingPages.Start(tokens, back, screen is { Status: DeviceStatus.Revoked }));
    }

    internal static async Task<IResult> StartAsync(
        HttpContext context, [FromForm] string? returnUrl, DeviceDirectory directory, CollectorAdmin admin, IAntiforgery antiforgery)
    {
        var back = LocalUrls.OrDefault(returnUrl, "/");
        context.Response.Headers.CacheControl = "no-store";
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return PairingPages.Html(PairingPages.Expired(back), StatusCodes.Status400BadRequest);
        }
        var screen = await HeldScreenAsync(context, directory);
        if (screen is { IsActive: true })
        {
            return Results.LocalRedirect(back);
        }
        if (screen is { Status: DeviceStatus.Pending })
        {
            // A reload or a second tab of a screen that already waits: it keeps its code.
            return Results.LocalRedirect(PairingPages.Url(back));
        }
        try
        {
            var pairing = await admin.StartPairingAsync(context.RequestAborted);
            SetDeviceCookie(context, pairing.Token);
            return Results.LocalRedirect(PairingPages.Url(back, revoked: screen is { Status: DeviceStatus.Revoked }));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or AdminRequestException && !context.RequestAborted.IsCancellationRequested)
        {
            return PairingPages.Html(PairingPages.Unavailable(back), StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static async Task<Screen?> HeldScreenAsync(HttpContext context, DeviceDirectory directory) =>
        context.Request.Cookies.TryGetValue(AccessNames.DeviceCookie, out var held) && !string.IsNullOrEmpty(held)
            ? await directory.FindAsync(held, context.RequestAborted)
            : null;

    private static void SetDeviceCookie(HttpContext context, string token) =>
        context.Response.Cookies.Append(AccessNames.DeviceCookie, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            IsEssential = true,
            MaxAge = DeviceCookieLifetime,
        });
}
