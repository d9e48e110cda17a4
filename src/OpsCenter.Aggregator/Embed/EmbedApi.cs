using System.Globalization;
using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using OpsCenter.Contracts.Embed;
using OpsCenter.Domain.People;

namespace OpsCenter.Aggregator.Embed;

/// <summary>
/// Widgets for host pages under <c>/embed/</c>: a custom element script (versioned, with a published
/// integrity hash), an iframe page, an SVG badge, a JSON status and the live stream (Server-Sent
/// Events) they read. Every read presents an embed token for one unit; the token's allowed origins
/// drive CORS and <c>frame-ancestors</c> here, on these paths only.
/// </summary>
public static class EmbedApi
{
    public const string WidgetVersion = "1.0.0";
    public static readonly string WidgetPath = $"/embed/widget/{WidgetVersion}/opscenter-status.js";
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);

    private static readonly Lazy<byte[]> Script = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("OpsCenter.Aggregator.opscenter-status.js")
            ?? throw new InvalidOperationException("The widget script is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    /// <summary>The Subresource Integrity hash host pages put on the script tag.</summary>
    public static string Integrity => "sha384-" + Convert.ToBase64String(SHA384.HashData(Script.Value));

    public static IEndpointRouteBuilder MapEmbedApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(WidgetPath, (HttpContext context) =>
        {
            var headers = context.Response.Headers;
            headers.CacheControl = "public, max-age=31536000, immutable";
            headers.AccessControlAllowOrigin = "*";
            headers.XContentTypeOptions = "nosniff";
            return Results.Bytes(Script.Value, "text/javascript; charset=utf-8");
        }).AllowAnonymous();
        app.MapGet("/embed/v1/manifest.json", (HttpContext context) =>
        {
            context.Response.Headers.AccessControlAllowOrigin = "*";
            context.Response.Headers.CacheControl = "public, max-age=300";
            return TypedResults.Json(new EmbedManifest(WidgetVersion, WidgetPath, Integrity, "opscenter-status"));
        }).AllowAnonymous();

        var units = app.MapGroup("/embed/v1/units/{code}").AllowAnonymous();
        units.MapGet("/status.json", StatusAsync);
        units.MapGet("/badge.svg", BadgeAsync);
        units.MapGet("/stream", StreamAsync);
        units.MapGet("/frame", FrameAsync);
        return app;
    }

    internal static async Task<IResult> StatusAsync(HttpContext context, string code, string? token, EmbedAccess access, EmbedStatusCache answers)
    {
        // The card reads this too (to start, and to learn why a stream was refused).
        var origin = Origin(context);
        var (record, refusal) = await access.CheckAsync(token, code, EmbedKinds.Json, origin, context.RequestAborted);
        if (refusal is { Title: "Widget kind not allowed" })
        {
            (record, refusal) = await access.CheckAsync(token, code, EmbedKinds.Card, origin, context.RequestAborted);
        }
        AllowCors(context, record, origin);
        if (refusal is not null)
        {
            // The refusal itself is readable from any page (it carries no data), so a widget on a
            // page that may not show it can say why instead of spinning.
            if (origin is not null)
            {
                context.Response.Headers.AccessControlAllowOrigin = origin;
                context.Response.Headers.Vary = "Origin";
            }
            return Problem(refusal);
        }
        var answer = answers.Get(code);
        context.Response.Headers.ETag = answer.ETag;
        context.Response.Headers.CacheControl = "public, max-age=5";
        context.Response.Headers.Vary = "Origin";
        return context.Request.Headers.IfNoneMatch == answer.ETag
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(answer.Json, "application/json; charset=utf-8");
    }

    internal static async Task<IResult> BadgeAsync(HttpContext context, string code, string? token, string? metric, string? lang, EmbedAccess access, EmbedStatusCache answers)
    {
        var vi = lang != "en";
        var (_, refusal) = await access.CheckAsync(token, code, EmbedKinds.Badge, null, context.RequestAborted);
        context.Response.Headers.XContentTypeOptions = "nosniff";
        if (refusal is not null)
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Text(Badges.Svg("OpsCenter", vi ? "không khả dụng" : "unavailable", "#6e7781", refusal.Title), "image/svg+xml; charset=utf-8", statusCode: refusal.Status);
        }
        var (svg, etag) = answers.Get(code).Badge(metric, vi);
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "public, max-age=30";
        return context.Request.Headers.IfNoneMatch == etag ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Text(svg, "image/svg+xml; charset=utf-8");
    }

    internal static async Task StreamAsync(HttpContext context, string code, string? token, EmbedAccess access, EmbedBroadcaster broadcaster, EmbedStatusCache answers)
    {
        var origin = Origin(context);
        var (record, refusal) = await access.CheckAsync(token, code, EmbedKinds.Card, origin, context.RequestAborted);
        AllowCors(context, record, origin);
        if (refusal is not null)
        {
            await Problem(refusal).ExecuteAsync(context);
            return;
        }
        var response = context.Response;
        response.Headers.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        using var viewer = broadcaster.Subscribe(code, token!, origin);
        var aborted = context.RequestAborted;
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes($"retry: 3000\n\n"), aborted);
        await response.Body.WriteAsync(answers.Get(code).Frame, aborted);
        await response.Body.FlushAsync(aborted);
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                wait.CancelAfter(Heartbeat);
                try
                {
                    var frame = await viewer.Queue.Reader.ReadAsync(wait.Token);
                    await response.Body.WriteAsync(frame, aborted);
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    // Quiet for a while: a heartbeat keeps the stream open through proxies.
                    await response.Body.WriteAsync(": heartbeat\n\n"u8.ToArray(), aborted);
                }
                await response.Body.FlushAsync(aborted);
            }
        }
        catch (ChannelClosedException)
        {
            // The token sweep refused this viewer: its "refused" event was the last one written.
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The viewer left.
        }
        catch (IOException)
        {
            // The connection broke.
        }
    }

    internal static async Task<IResult> FrameAsync(HttpContext context, string code, string? token, string? lang, string? theme, string? size, EmbedAccess access)
    {
        // A frame request carries no Origin; frame-ancestors (from the token) decides who may show it.
        var (record, refusal) = await access.CheckAsync(token, code, EmbedKinds.Card, null, context.RequestAborted);
        var ancestors = record is null ? "'none'" : string.Join(' ', record.Origins);
        context.Response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        var enc = (string? s) => WebUtility.HtmlEncode(s ?? "");
        var body = refusal is not null
            ? $"<p role=\"alert\">{enc(lang == "en" ? refusal.Title : "Không hiển thị được tiện ích: " + refusal.Title)}</p>"
            : $"<opscenter-status unit=\"{enc(code)}\" token=\"{enc(token)}\" lang=\"{(lang == "en" ? "en" : "vi")}\" theme=\"{(theme == "dark" ? "dark" : "light")}\" size=\"{(size == "compact" ? "compact" : "full")}\"></opscenter-status>";
        var html = $"""
            <!DOCTYPE html><html lang="{(lang == "en" ? "en" : "vi")}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>OpsCenter</title><script src="{WidgetPath}" integrity="{Integrity}" defer></script></head>
            <body>{body}</body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, refusal?.Status ?? 200);
    }

    private static string? Origin(HttpContext context) =>
        context.Request.Headers.Origin is { Count: > 0 } origin && origin.ToString() is { Length: > 0 } value && value != "null" ? value : null;

    private static void AllowCors(HttpContext context, EmbedTokenRecord? record, string? origin)
    {
        if (record is not null && origin is not null && EmbedAccess.IsAllowedOrigin(record, origin))
        {
            context.Response.Headers.AccessControlAllowOrigin = origin;
            context.Response.Headers.Vary = "Origin";
        }
    }

    private static IResult Problem(EmbedRefusal refusal) => Results.Problem(statusCode: refusal.Status, title: refusal.Title, detail: refusal.Detail,
        extensions: new Dictionary<string, object?> { ["reason"] = refusal.Reason });
}

/// <summary>Flat SVG badges (label | value), readable at small sizes, with a title for screen readers.</summary>
public static class Badges
{
    public static string OnTime(EmbedStatus status, bool vi)
    {
        var value = status.OnTimeRate is { } rate ? (rate * 100).ToString("0.0", vi ? CultureInfo.GetCultureInfo("vi-VN") : CultureInfo.InvariantCulture) + " %" : "—";
        var colour = status.OnTimeRate switch { null => "#6e7781", >= 0.97 => "#1a7f37", >= 0.94 => "#2da44e", >= 0.90 => "#9a6700", _ => "#cf222e" };
        return Svg(vi ? "đúng hạn" : "on time", value, colour, $"{status.Name}: {(vi ? "tỷ lệ đúng hạn tháng này" : "on-time rate this month")} {value}");
    }

    public static string Status(EmbedStatus status, bool vi)
    {
        var (text, colour) = status.State switch
        {
            "up" => (vi ? "hoạt động" : "up", "#1a7f37"),
            "maintenance" => (vi ? "bảo trì" : "maintenance", "#0969da"),
            "degraded" => (vi ? "chậm" : "degraded", "#9a6700"),
            "stale" or "silent" => (vi ? "không rõ" : "unknown", "#6e7781"),
            "down" => (vi ? "ngừng" : "down", "#cf222e"),
            _ => (vi ? "chưa có dữ liệu" : "no data", "#6e7781"),
        };
        return Svg(vi ? "hệ thống" : "systems", text, colour, $"{status.Name}: {text}");
    }

    public static string Svg(string label, string value, string colour, string title)
    {
        static int Width(string s) => 12 + (int)Math.Ceiling(s.Length * 6.6);
        var (lw, vw) = (Width(label), Width(value));
        // XML escaping only: Vietnamese letters stay letters (HtmlEncode would turn them into entities).
        var e = (string s) => System.Security.SecurityElement.Escape(s);
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="{lw + vw}" height="20" role="img" aria-label="{e(title)}"><title>{e(title)}</title>
            <rect width="{lw}" height="20" fill="#24292f"/><rect x="{lw}" width="{vw}" height="20" fill="{colour}"/>
            <g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11"><text x="6" y="14">{e(label)}</text><text x="{lw + 6}" y="14">{e(value)}</text></g></svg>
            """;
    }
}
