using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;

namespace OpsCenter.Wall.Access;

/// <summary>
/// The pairing pages, in both languages at once (whoever installs a screen may read either), with no
/// inline script or style (the gateway's Content-Security-Policy): <c>/js/pair.js</c> posts the start form.
/// </summary>
internal static class PairingPages
{
    public static IResult Html(string html, int status = StatusCodes.Status200OK) =>
        Results.Content(html, "text/html; charset=utf-8", statusCode: status);

    /// <summary>The pairing page's address, going back to <paramref name="back"/> once approved.</summary>
    public static string Url(string back, bool revoked = false) =>
        "/pair?returnUrl=" + Uri.EscapeDataString(back) + (revoked ? "&revoked=1" : "");

    /// <summary>A screen without a pairing: the form its script posts at once (the button, if scripts are off).</summary>
    public static string Start(AntiforgeryTokenSet tokens, string back, bool revoked) => Page(refresh: null, html =>
    {
        if (revoked)
        {
            Revoked(html);
        }
        html.Append(CultureInfo.InvariantCulture, $"""
            <form method="post" action="/pair" data-autosubmit data-testid="pair-start">
            <input type="hidden" name="{Enc(tokens.FormFieldName)}" value="{Enc(tokens.RequestToken ?? "")}">
            <input type="hidden" name="returnUrl" value="{Enc(back)}">
            <p class="pair-lead">Đang lấy mã ghép nối cho màn hình này…</p>
            <p class="pair-en">Getting a pairing code for this screen…</p>
            <p><button type="submit" class="pair-button">Lấy mã ghép nối · Get a pairing code</button></p>
            </form>
            """);
    });

    /// <summary>A waiting screen: its code, until an admin approves it (the page reloads every 5 s).</summary>
    public static string Code(Screen screen, bool revoked) => Page(refresh: "5", html =>
    {
        if (revoked)
        {
            Revoked(html);
        }
        var code = screen.PairingCode ?? "";
        var shown = Enc(code.Length == 6 ? code[..3] + " " + code[3..] : code);
        var until = screen.PairingExpiresAt?.ToOffset(TimeSpan.FromHours(7)).ToString("HH:mm", CultureInfo.InvariantCulture) ?? "";
        html.Append(CultureInfo.InvariantCulture, $"""
            <p class="pair-lead">Mã ghép nối màn hình</p>
            <p class="pair-code" data-testid="pair-code">{shown}</p>
            <p class="pair-help">Quản trị viên nhập mã này tại <b>Quản trị › Màn hình</b> và chọn nội dung hiển thị. Màn hình sẽ tự mở khi được duyệt (mã có hiệu lực đến {until}).</p>
            <p class="pair-en">Screen pairing code. An administrator enters it under <b>Admin › Screens</b> and assigns a view; this screen opens it by itself once approved (valid until {until}).</p>
            """);
    });

    public static string Unavailable(string back) => Page(refresh: $"5; url={Url(back)}", html => html.Append("""
        <p class="pair-lead" data-testid="pair-unavailable">Chưa kết nối được trung tâm, đang thử lại…</p>
        <p class="pair-en">The center cannot be reached yet; retrying…</p>
        """));

    /// <summary>The form was stale (its antiforgery token did not match): a fresh one comes with the reload.</summary>
    public static string Expired(string back) => Page(refresh: $"3; url={Url(back)}", html => html.Append("""
        <p class="pair-lead" data-testid="pair-expired">Biểu mẫu ghép nối đã hết hạn, đang tải lại…</p>
        <p class="pair-en">The pairing form has expired; reloading…</p>
        """));

    /// <summary>Too many new screens from one address: the page asks again when the limit allows.</summary>
    public static string Busy(string back, int seconds) => Page(refresh: $"{seconds}; url={Url(back)}", html => html.Append(CultureInfo.InvariantCulture, $"""
        <p class="pair-lead" data-testid="pair-busy">Có quá nhiều màn hình mới từ cùng một địa chỉ. Màn hình sẽ thử lại sau {seconds} giây.</p>
        <p class="pair-en">Too many new screens from the same address. This screen tries again in {seconds} s.</p>
        """));

    private static void Revoked(StringBuilder html) =>
        html.Append("""<p class="pair-revoked" data-testid="pair-revoked">Màn hình này đã bị thu hồi. · This screen was revoked.</p>""");

    private static string Page(string? refresh, Action<StringBuilder> body)
    {
        var html = new StringBuilder();
        html.Append("""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">""");
        if (refresh is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"""<meta http-equiv="refresh" content="{Enc(refresh)}">""");
        }
        html.Append("""
            <meta name="viewport" content="width=device-width, initial-scale=1"><title>OpsCenter – ghép nối màn hình</title>
            <link rel="stylesheet" href="/css/pair.css"><script src="/js/pair.js" defer></script></head><body><main class="pair">
            <h1>OpsCenter</h1>
            """);
        body(html);
        html.Append("""<p class="pair-signin"><a href="/signin">Đăng nhập · Sign in</a></p></main></body></html>""");
        return html.ToString();
    }

    private static string Enc(string value) => WebUtility.HtmlEncode(value);
}
