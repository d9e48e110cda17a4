using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using OpsCenter.Wall.Access;

namespace OpsCenter.Wall.Alerts;

/// <summary>
/// The Wall's own alert endpoints besides its pages: Admin › Alerts' export, and
/// acknowledging an alert from its e-mail, without signing in: the signed token in the link is the
/// authority, and the collector checks it. GET only shows the alert and a button (mail scanners fetch
/// links, so it changes nothing); the button posts the form (antiforgery), and that post alone asks the
/// collector to acknowledge. The token is never logged: it goes to the collector and back into the form.
/// </summary>
public static partial class AlertEndpoints
{
    public const string Path = "/alerts/confirm";

    private static readonly System.Text.Json.JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ShowAsync).AllowAnonymous();
        // Antiforgery is checked in the handler, so that a stale form gets a page that says so, not a bare 400.
        app.MapPost(Path, ConfirmAsync).DisableAntiforgery().AllowAnonymous();
        // Admin › Alerts' export: the rule set as the collector holds it, as a file to keep or edit.
        app.MapGet("/admin/alerts/opscenter-alerts.json", ExportAsync).RequireAuthorization(AccessNames.AdminPolicy);
        return app;
    }

    internal static async Task<IResult> ExportAsync(CollectorAdmin admin, CancellationToken cancellationToken)
    {
        try
        {
            var rules = await admin.GetAlertRulesAsync(cancellationToken);
            var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(rules, Indented);
            return Results.File(json, "application/json", "opscenter-alerts.json");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or AdminRequestException && !cancellationToken.IsCancellationRequested)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The rule set cannot be read just now");
        }
    }

    internal static async Task<IResult> ShowAsync(HttpContext context, [FromQuery(Name = "t")] string? token, CollectorAdmin admin, IAntiforgery antiforgery,
        WallClock clock, Domain.Units.UnitCatalog units, ILoggerFactory loggers)
    {
        NoStore(context);
        if (string.IsNullOrWhiteSpace(token))
        {
            return AlertConfirmPages.Html(AlertConfirmPages.Invalid(), StatusCodes.Status400BadRequest);
        }
        try
        {
            var preview = await admin.PreviewAlertLinkAsync(token, context.RequestAborted);
            var tokens = preview.CanConfirm ? antiforgery.GetAndStoreTokens(context) : null;
            return AlertConfirmPages.Html(AlertConfirmPages.Preview(preview, token, tokens, clock,
                code => units.Find(code) is { } unit ? $"{unit.FullName} ({code})" : code));
        }
        catch (AdminRequestException e)
        {
            return Refused(e.Status, loggers);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            LogUnavailable(loggers.CreateLogger(typeof(AlertEndpoints).FullName!), e.GetType().Name);
            return AlertConfirmPages.Html(AlertConfirmPages.Unavailable(), StatusCodes.Status503ServiceUnavailable);
        }
    }

    internal static async Task<IResult> ConfirmAsync(HttpContext context, [FromForm(Name = "t")] string? token, CollectorAdmin admin, IAntiforgery antiforgery,
        ILoggerFactory loggers)
    {
        NoStore(context);
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return AlertConfirmPages.Html(AlertConfirmPages.StaleForm(token), StatusCodes.Status400BadRequest);
        }
        if (string.IsNullOrWhiteSpace(token))
        {
            return AlertConfirmPages.Html(AlertConfirmPages.Invalid(), StatusCodes.Status400BadRequest);
        }
        try
        {
            await admin.ConfirmAlertLinkAsync(token, context.RequestAborted);
            return AlertConfirmPages.Html(AlertConfirmPages.Done());
        }
        catch (AdminRequestException e)
        {
            return Refused(e.Status, loggers);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            LogUnavailable(loggers.CreateLogger(typeof(AlertEndpoints).FullName!), e.GetType().Name);
            return AlertConfirmPages.Html(AlertConfirmPages.Unavailable(), StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static IResult Refused(HttpStatusCode status, ILoggerFactory loggers)
    {
        LogRefused(loggers.CreateLogger(typeof(AlertEndpoints).FullName!), (int)status);
        return status switch
        {
            HttpStatusCode.Gone => AlertConfirmPages.Html(AlertConfirmPages.Expired(), StatusCodes.Status410Gone),
            HttpStatusCode.BadRequest or HttpStatusCode.NotFound => AlertConfirmPages.Html(AlertConfirmPages.Invalid(), StatusCodes.Status400BadRequest),
            _ => AlertConfirmPages.Html(AlertConfirmPages.Unavailable(), StatusCodes.Status503ServiceUnavailable),
        };
    }

    private static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        // The token is in this page's address: no other site learns it from a Referer.
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
    }

    [LoggerMessage(LogLevel.Information, "An alert acknowledgement link was refused by the collector ({Status})")]
    private static partial void LogRefused(ILogger logger, int status);

    [LoggerMessage(LogLevel.Warning, "The collector could not be asked about an alert acknowledgement link ({Reason})")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
