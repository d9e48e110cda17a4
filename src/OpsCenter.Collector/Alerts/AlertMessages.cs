using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using OpsCenter.Domain.Alerts;
using OpsCenter.Domain.Calendar;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.Alerts;
using OpsCenter.Storage.Outbox;

namespace OpsCenter.Collector.Alerts;

/// <summary>
/// Writes the alert mail (Vietnamese first, then English): what, which units, since when (Ho Chi Minh
/// City time) and, in a fired mail, the recipient's own acknowledgement link. Everything from the
/// alert is HTML-encoded in the HTML body.
/// </summary>
public sealed partial class AlertMessages(IOptionsMonitor<AlertsOptions> options, UnitCatalog units, TimeProvider time, ILogger<AlertMessages> logger)
{
    public const string Channel = "email";
    public const int MaxSubject = 200;
    public const int MaxUnitsListed = 20;

    private int _warnedNoKey;

    /// <summary>The message of <paramref name="kind"/> (<see cref="OutboxKind.Fired"/> or <see cref="OutboxKind.Resolved"/>) for one person.</summary>
    public OutboxMessage Compose(AlertRecord alert, string kind, string username, string email)
    {
        ArgumentNullException.ThrowIfNull(alert);
        // The text was written when the alert fired ("... tại 1 đơn vị"); units joined or left since, so say today's count.
        alert = alert with { Text = Counted(alert.Text, alert.Units.Count, vi: true), TextEn = Counted(alert.TextEn, alert.Units.Count, vi: false) };
        var resolved = kind == OutboxKind.Resolved;
        var (severityVi, severityEn) = Severity(alert.Severity);
        var link = resolved ? null : Link(alert.Key, username);
        var since = Local(alert.Onset);
        var listed = alert.Units.Take(MaxUnitsListed).Select(code => units.Find(code) is { } u ? (code, u.Name, u.NameEn) : (code, code, code)).ToList();
        var more = alert.Units.Count - listed.Count;
        // The inbox line says how bad and where before what: "[OpsCenter] Nghiêm trọng/Critical · Thường Tân: ...".
        var where = listed.Count is > 0 and <= 2 ? " · " + string.Join(", ", listed.Select(u => u.Item2)) + (more > 0 ? "…" : "") : "";
        var subject = Cut((resolved ? "[OpsCenter] Đã hết / Resolved" : $"[OpsCenter] {severityVi}/{severityEn}") + $"{where}: {alert.Text} / {alert.TextEn}", MaxSubject);

        var text = new StringBuilder();
        text.AppendLine(alert.Text).AppendLine(alert.TextEn).AppendLine();
        if (resolved)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Đã hết lúc / Resolved at: {Local(alert.ResolvedAt ?? time.GetUtcNow())}");
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"Mức độ / Severity: {severityVi} / {severityEn}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Từ lúc / Since: {since} (giờ Việt Nam / Vietnam time)");
        text.AppendLine(CultureInfo.InvariantCulture, $"Đơn vị / Units ({alert.Units.Count}):");
        foreach (var (code, name, nameEn) in listed)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {code} {name} / {nameEn}");
        }
        if (more > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"… và {more} đơn vị khác / and {more} more");
        }
        if (link is not null)
        {
            text.AppendLine().AppendLine("Xác nhận đã nhận cảnh báo / Acknowledge this alert:").AppendLine(link);
        }
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Mã cảnh báo / Alert key: {alert.Key}");

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><body>");
        html.Append(CultureInfo.InvariantCulture, $"<p><strong>{E(alert.Text)}</strong><br>{E(alert.TextEn)}</p>");
        html.Append("<ul>");
        if (resolved)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>Đã hết lúc / Resolved at: {E(Local(alert.ResolvedAt ?? time.GetUtcNow()))}</li>");
        }
        html.Append(CultureInfo.InvariantCulture, $"<li>Mức độ / Severity: <strong>{E(severityVi)} / {E(severityEn)}</strong></li>");
        html.Append(CultureInfo.InvariantCulture, $"<li>Từ lúc / Since: {E(since)} (giờ Việt Nam / Vietnam time)</li></ul>");
        html.Append(CultureInfo.InvariantCulture, $"<p>Đơn vị / Units ({alert.Units.Count}):</p><ul>");
        foreach (var (code, name, nameEn) in listed)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{E(code)} {E(name)} / {E(nameEn)}</li>");
        }
        if (more > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>… và {more} đơn vị khác / and {more} more</li>");
        }
        html.Append("</ul>");
        if (link is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(link)}\">Xác nhận đã nhận cảnh báo / Acknowledge this alert</a></p>");
        }
        html.Append(CultureInfo.InvariantCulture, $"<p><small>Mã cảnh báo / Alert key: {E(alert.Key)}</small></p></body></html>");

        return new OutboxMessage(alert.Key, email, kind, Channel, subject, text.ToString(), html.ToString());
    }

    private string? Link(string key, string username)
    {
        var current = options.CurrentValue;
        if (string.IsNullOrEmpty(current.LinkKey))
        {
            if (Interlocked.Exchange(ref _warnedNoKey, 1) == 0)
            {
                logger.LogWarning("Alerts:LinkKey is not set: alert mail goes out without an acknowledgement link.");
            }
            return null;
        }
        var token = AlertLinks.Sign(new AlertLinkClaims(key, username, time.GetUtcNow() + current.LinkLifetime), current.LinkKey);
        return $"{current.PublicBaseUrl.TrimEnd('/')}/alerts/confirm?t={Uri.EscapeDataString(token)}";
    }

    /// <summary>The severity in words, Vietnamese and English; an unknown one as it came.</summary>
    public static (string Vi, string En) Severity(string severity) => severity switch
    {
        "critical" => ("Nghiêm trọng", "Critical"),
        "warning" => ("Cảnh báo", "Warning"),
        "info" => ("Thông tin", "Info"),
        _ => (severity, severity),
    };

    /// <summary>The text with its closing unit count (as <see cref="Domain.Alerts.AlertText.Describe"/> writes it) made <paramref name="count"/>.</summary>
    public static string Counted(string text, int count, bool vi)
    {
        var n = count.ToString(CultureInfo.InvariantCulture);
        return vi
            ? UnitCountVi().Replace(text, $" tại {n} đơn vị", 1)
            : UnitCountEn().Replace(text, $" in {n} unit{(count == 1 ? "" : "s")}", 1);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@" tại \d+ đơn vị$")]
    private static partial System.Text.RegularExpressions.Regex UnitCountVi();

    [System.Text.RegularExpressions.GeneratedRegex(@" in \d+ units?$")]
    private static partial System.Text.RegularExpressions.Regex UnitCountEn();

    private static string Local(DateTimeOffset at) => at.ToOffset(VietnamTime.Offset).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string E(string value) => WebUtility.HtmlEncode(value);

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";
}
