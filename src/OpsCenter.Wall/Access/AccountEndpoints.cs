using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OpsCenter.Domain.People;

namespace OpsCenter.Wall.Access;

/// <summary>
/// Sign-in and sign-out for people, and the pairing page of wall screens. The pairing page is plain
/// HTML that refreshes itself (no circuit, nothing to click): a new screen shows its code until an
/// admin approves it, then opens its view.
/// </summary>
public static partial class AccountEndpoints
{
    private static readonly TimeSpan DeviceCookieLifetime = TimeSpan.FromDays(3650);

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/signin", SignInAsync).DisableAntiforgery().AllowAnonymous();
        app.MapPost("/account/signout", SignOutAsync).AllowAnonymous();
        app.MapGet("/pair", PairAsync).AllowAnonymous();
        app.MapGet("/culture", SetCulture).AllowAnonymous();
        app.MapGet("/account/oidc", (string? returnUrl, IOptions<OidcOptions> oidc) => oidc.Value.IsConfigured
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalUrls.OrDefault(returnUrl, "/account/home") }, [AccessNames.OidcScheme])
            : Results.NotFound()).AllowAnonymous();
        app.MapGet("/account/home", (HttpContext context) => Results.Redirect(context.User.Identity?.IsAuthenticated == true ? context.User.Home() : "/signin"));
        return app;
    }

    internal static async Task<IResult> SignInAsync(
        HttpContext context, [FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl,
        CollectorAdmin admin, ILoggerFactory loggers)
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
            answer = await admin.SignInAsync(username.Trim(), password, context.RequestAborted);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or AdminRequestException)
        {
            LogSignInUnavailable(logger, e.Message);
            return Results.Redirect(SignInUrl("unavailable", returnUrl, username));
        }
        if (answer is not { Outcome: "signedIn", Person: { } person })
        {
            LogSignInRefused(logger, username.Trim(), answer.Outcome);
            return Results.Redirect(SignInUrl(answer.Outcome, returnUrl, username));
        }
        var principal = RevalidatingAccessStateProvider.PersonPrincipal(person);
        await context.SignInAsync(AccessNames.PersonScheme, principal, new AuthenticationProperties { IsPersistent = false });
        LogSignedIn(logger, person.Username, person.Role);
        return LocalUrls.Redirect(returnUrl, principal.Home());
    }

    internal static async Task<IResult> SignOutAsync(HttpContext context, ILoggerFactory loggers)
    {
        await context.SignOutAsync(AccessNames.PersonScheme);
        if (context.User.Identity?.Name is { } name)
        {
            LogSignedOut(loggers.CreateLogger("OpsCenter.Wall.Access.SignIn"), name);
        }
        return Results.Redirect("/signin?signedOut=1");
    }

    internal static async Task<IResult> PairAsync(HttpContext context, string? returnUrl, string? token, DeviceDirectory directory, CollectorAdmin admin)
    {
        var back = LocalUrls.OrDefault(returnUrl, "/");
        if (!string.IsNullOrEmpty(token))
        {
            // A kiosk's start URL carries its token once; it lives in the cookie from then on.
            SetDeviceCookie(context, token);
            directory.Forget(token);
            return Results.Redirect("/pair?returnUrl=" + Uri.EscapeDataString(back));
        }
        context.Response.Headers.CacheControl = "no-store";
        context.Request.Cookies.TryGetValue(AccessNames.DeviceCookie, out var held);
        Screen? screen;
        try
        {
            screen = string.IsNullOrEmpty(held) ? null : await directory.FindAsync(held, context.RequestAborted);
            if (screen is { IsActive: true })
            {
                return Results.LocalRedirect(back);
            }
            var revoked = screen is { Status: DeviceStatus.Revoked };
            if (screen is not { Status: DeviceStatus.Pending })
            {
                var pairing = await admin.StartPairingAsync(context.RequestAborted);
                SetDeviceCookie(context, pairing.Token);
                screen = new Screen(pairing.Device.Id, "", DeviceStatus.Pending, null, pairing.Device.PairingCode, pairing.Device.PairingExpiresAt);
            }
            return Results.Content(PairingPage(screen, revoked), "text/html; charset=utf-8");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or AdminRequestException)
        {
            return Results.Content(PairingPage(null, revoked: false), "text/html; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>Keeps the chosen language in the culture cookie and goes back to the page.</summary>
    internal static IResult SetCulture(HttpContext context, string? culture, string? returnUrl)
    {
        if (culture is "vi-VN" or "en-US")
        {
            Extensions.CultureCookie.Keep(context.Response, new Microsoft.AspNetCore.Localization.RequestCulture(culture));
        }
        // Drop a ?culture= left in the page's address: the cookie decides from now on.
        var back = System.Text.RegularExpressions.Regex.Replace(LocalUrls.OrDefault(returnUrl, "/"), @"([?&])culture=[^&]*&?", "$1").TrimEnd('?', '&');
        return LocalUrls.Redirect(back, "/");
    }

    private static void SetDeviceCookie(HttpContext context, string token) =>
        context.Response.Cookies.Append(AccessNames.DeviceCookie, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            IsEssential = true,
            MaxAge = DeviceCookieLifetime,
        });

    private static string SignInUrl(string error, string? returnUrl, string? username) =>
        $"/signin?error={Uri.EscapeDataString(error)}" +
        (LocalUrls.OrDefault(returnUrl, "") is { Length: > 0 } back ? "&returnUrl=" + Uri.EscapeDataString(back) : "") +
        (string.IsNullOrWhiteSpace(username) ? "" : "&username=" + Uri.EscapeDataString(username.Trim()));

    /// <summary>Both languages at once: whoever installs a screen may read either.</summary>
    private static string PairingPage(Screen? screen, bool revoked)
    {
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
            <meta name="viewport" content="width=device-width, initial-scale=1"><title>OpsCenter – ghép nối màn hình</title>
            <link rel="stylesheet" href="/css/pair.css"></head><body><main class="pair">
            <h1>OpsCenter</h1>
            """);
        if (screen?.PairingCode is not { } code)
        {
            html.Append("""
                <p class="pair-lead" data-testid="pair-unavailable">Chưa kết nối được trung tâm, đang thử lại…</p>
                <p class="pair-en">The center cannot be reached yet; retrying…</p>
                """);
        }
        else
        {
            if (revoked)
            {
                html.Append("""<p class="pair-revoked" data-testid="pair-revoked">Màn hình này đã bị thu hồi. · This screen was revoked.</p>""");
            }
            var shown = WebUtility.HtmlEncode(code[..3] + " " + code[3..]);
            var until = screen.PairingExpiresAt?.ToOffset(TimeSpan.FromHours(7)).ToString("HH:mm", CultureInfo.InvariantCulture) ?? "";
            html.Append(CultureInfo.InvariantCulture, $"""
                <p class="pair-lead">Mã ghép nối màn hình</p>
                <p class="pair-code" data-testid="pair-code">{shown}</p>
                <p class="pair-help">Quản trị viên nhập mã này tại <b>Quản trị › Màn hình</b> và chọn nội dung hiển thị. Màn hình sẽ tự mở khi được duyệt (mã có hiệu lực đến {until}).</p>
                <p class="pair-en">Screen pairing code. An administrator enters it under <b>Admin › Screens</b> and assigns a view; this screen opens it by itself once approved (valid until {until}).</p>
                """);
        }
        html.Append("""<p class="pair-signin"><a href="/signin">Đăng nhập · Sign in</a></p></main></body></html>""");
        return html.ToString();
    }

    [LoggerMessage(LogLevel.Information, "{Username} signed in as {Role}")]
    private static partial void LogSignedIn(ILogger logger, string username, string role);

    [LoggerMessage(LogLevel.Information, "{Username} signed out")]
    private static partial void LogSignedOut(ILogger logger, string username);

    [LoggerMessage(LogLevel.Warning, "Sign-in refused for {Username}: {Outcome}")]
    private static partial void LogSignInRefused(ILogger logger, string username, string outcome);

    [LoggerMessage(LogLevel.Error, "Sign-in unavailable: the collector did not answer ({Reason})")]
    private static partial void LogSignInUnavailable(ILogger logger, string reason);
}
