using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Wall.Access;
using OpsCenter.Wall.Extensions;

namespace OpsCenter.Wall.Alerts;

/// <summary>
/// The confirmation pages of an alert e-mail's link, in both languages at once (Vietnamese first), with
/// no script and no inline style (the gateway's Content-Security-Policy).
/// </summary>
internal static class AlertConfirmPages
{
    public static IResult Html(string html, int status = StatusCodes.Status200OK) =>
        Results.Content(html, "text/html; charset=utf-8", statusCode: status);

    /// <summary>The alert, and the button when the link may still acknowledge it. Nothing is changed by showing this.</summary>
    public static string Preview(AlertLinkPreview alert, string token, AntiforgeryTokenSet? tokens, WallClock clock, Func<string, string> unitName) => Page(html =>
    {
        var fired = clock.Local(alert.FiredAt).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);
        html.Append(CultureInfo.InvariantCulture, $"""
            <p class="pair-lead" data-testid="alert-text">{Enc(alert.Text)}</p>
            <p class="pair-en">{Enc(alert.TextEn)}</p>
            <p class="pair-help">Đơn vị · Units: {Enc(string.Join(", ", alert.Units.Select(unitName)))}<br>Phát lúc · Fired at: {fired}</p>
            """);
        if (tokens is not null && alert.CanConfirm)
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <form method="post" action="{AlertEndpoints.Path}" data-testid="alert-confirm-form">
                <input type="hidden" name="{Enc(tokens.FormFieldName)}" value="{Enc(tokens.RequestToken ?? "")}">
                <input type="hidden" name="t" value="{Enc(token)}">
                <p><button type="submit" class="pair-button" data-testid="alert-confirm">Xác nhận · Acknowledge</button></p>
                </form>
                """);
        }
        else if (alert.AcknowledgedBy is { } by)
        {
            var at = alert.AcknowledgedAt is { } when ? clock.Local(when).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture) : "";
            html.Append(CultureInfo.InvariantCulture, $"""
                <p class="pair-revoked" data-testid="alert-already">Đã được xác nhận bởi {Enc(by)} lúc {at} · Already acknowledged by {Enc(by)} at {at}</p>
                """);
        }
        else
        {
            html.Append("""<p class="pair-revoked" data-testid="alert-expired">Liên kết đã hết hạn · This link has expired</p>""");
        }
    });

    public static string Done() => Page(html => html.Append("""
        <p class="pair-lead" data-testid="alert-done">Đã xác nhận</p>
        <p class="pair-en">Acknowledged. Thank you.</p>
        """));

    public static string Expired() => Page(html => html.Append("""
        <p class="pair-lead" data-testid="alert-expired">Liên kết đã hết hạn</p>
        <p class="pair-en">This link has expired (or was used already). Sign in to see the alert.</p>
        """));

    public static string Invalid() => Page(html => html.Append("""
        <p class="pair-lead" data-testid="alert-invalid">Liên kết không hợp lệ</p>
        <p class="pair-en">Invalid link.</p>
        """));

    public static string Unavailable() => Page(html => html.Append("""
        <p class="pair-lead" data-testid="alert-unavailable">Chưa kết nối được trung tâm, vui lòng thử lại sau</p>
        <p class="pair-en">The center cannot be reached; please try again later.</p>
        """));

    /// <summary>The form was stale (its antiforgery token did not match): back to the link to get a fresh one.</summary>
    public static string StaleForm(string? token) => Page(html => html.Append(CultureInfo.InvariantCulture, $"""
        <p class="pair-lead" data-testid="alert-stale-form">Biểu mẫu đã hết hạn</p>
        <p class="pair-en">The form has expired.</p>
        <p><a class="pair-button" href="{Enc(AlertEndpoints.Path + "?t=" + Uri.EscapeDataString(token ?? ""))}">Mở lại · Open again</a></p>
        """));

    private static string Page(Action<StringBuilder> body)
    {
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">
            <meta name="viewport" content="width=device-width, initial-scale=1"><title>OpsCenter – xác nhận cảnh báo · acknowledge an alert</title>
            <link rel="stylesheet" href="/css/pair.css"></head><body><main class="pair alert-confirm">
            <h1>OpsCenter</h1>
            """);
        body(html);
        html.Append("""<p class="pair-signin"><a href="/signin">Đăng nhập · Sign in</a></p></main></body></html>""");
        return html.ToString();
    }

    private static string Enc(string value) => WebUtility.HtmlEncode(value);
}
