using System.Globalization;
using Microsoft.Extensions.Localization;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Wall.Extensions;

namespace OpsCenter.Wall.Components.Tiles;

/// <summary>One alert as a line of the wall's tile: every part already in the page's language.</summary>
public sealed record AlertLine(string Key, string Severity, string Css, string Text, string Units, string Age, string? AcknowledgedBy);

/// <summary>
/// How alerts read on the wall, the console and the briefing: severity by word and colour, text in the
/// page's language, unit count, age ("12 phút" / "12 min"), durations ("4 phút 30 giây" / "4 min 30 s").
/// </summary>
public static partial class AlertText
{
    public static bool IsVietnamese(CultureInfo culture) => culture.TwoLetterISOLanguageName == "vi";

    public static string Severity(IStringLocalizer<WallText> text, AlertLevel level) => text[$"Alert_Severity_{level}"];

    public static string Css(AlertLevel level) => level switch
    {
        AlertLevel.Critical => "alert-critical",
        AlertLevel.Warning => "alert-warning",
        _ => "alert-info",
    };

    /// <summary>
    /// The alert's text in the page's language. Its closing unit count was written when it fired ("... tại 12 đơn vị");
    /// units joined or left since, so it says today's count, as the units column does.
    /// </summary>
    public static string Text(AlertView alert, CultureInfo culture)
    {
        var vi = IsVietnamese(culture) || string.IsNullOrEmpty(alert.TextEn);
        var n = alert.Units.Count.ToString(CultureInfo.InvariantCulture);
        return vi
            ? UnitCountVi().Replace(alert.Text, $" tại {n} đơn vị", 1)
            : UnitCountEn().Replace(alert.TextEn, $" in {n} unit{(alert.Units.Count == 1 ? "" : "s")}", 1);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@" tại \d+ đơn vị$")]
    private static partial System.Text.RegularExpressions.Regex UnitCountVi();

    [System.Text.RegularExpressions.GeneratedRegex(@" in \d+ units?$")]
    private static partial System.Text.RegularExpressions.Regex UnitCountEn();

    public static string RuleName(AlertView alert, CultureInfo culture) =>
        IsVietnamese(culture) || string.IsNullOrEmpty(alert.RuleNameEn) ? alert.RuleName : alert.RuleNameEn;

    public static string Units(IStringLocalizer<WallText> text, int count) =>
        count == 1 ? text["Alert_UnitCount_One"] : text["Alert_UnitCount", count.ToString("N0", CultureInfo.CurrentCulture)];

    public static string State(IStringLocalizer<WallText> text, string state) => text[$"Alert_State_{state}"];

    /// <summary>A length of time to the second: "4 phút 30 giây" / "4 min 30 s"; hours and days when longer.</summary>
    public static string Duration(double seconds, CultureInfo culture)
    {
        var vi = IsVietnamese(culture);
        var span = TimeSpan.FromSeconds(Math.Max(0, Math.Round(seconds)));
        var parts = new List<string>();
        if (span.Days > 0)
        {
            parts.Add($"{span.Days.ToString(culture)} {(vi ? "ngày" : "d")}");
        }
        if (span.Hours > 0)
        {
            parts.Add($"{span.Hours.ToString(culture)} {(vi ? "giờ" : "h")}");
        }
        if (span.Minutes > 0 && span.Days == 0)
        {
            parts.Add($"{span.Minutes.ToString(culture)} {(vi ? "phút" : "min")}");
        }
        if ((span.Seconds > 0 || parts.Count == 0) && span.TotalHours < 1)
        {
            parts.Add($"{span.Seconds.ToString(culture)} {(vi ? "giây" : "s")}");
        }
        return string.Join(' ', parts);
    }

    /// <summary>The ISO week of a local date, as the weekly report names it: <c>2026-W49</c>.</summary>
    public static string IsoWeek(DateTimeOffset local) =>
        $"{ISOWeek.GetYear(local.DateTime).ToString(CultureInfo.InvariantCulture)}-W{ISOWeek.GetWeekOfYear(local.DateTime).ToString("00", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The tile's lines: <paramref name="count"/> open alerts, the most severe first, then the newest (a wall with
    /// room for two shows the critical ones, not the two newest warnings). An alert of one unit
    /// names it when <paramref name="unitName"/> knows it (a wall reads "Thường Tân", not "1 đơn vị").
    /// </summary>
    public static IReadOnlyList<AlertLine> Lines(IEnumerable<AlertView> alerts, DateTimeOffset now, CultureInfo culture, IStringLocalizer<WallText> text, int count = 5,
        Func<string, string?>? unitName = null) =>
        [.. alerts.OrderByDescending(a => a.Severity).ThenByDescending(a => a.FiredAt).ThenBy(a => a.Key, StringComparer.Ordinal).Take(count).Select(a => new AlertLine(
            a.Key,
            Severity(text, a.Severity),
            Css(a.Severity),
            Text(a, culture),
            a.Units.Count == 1 && unitName?.Invoke(a.Units[0]) is { Length: > 0 } name ? name : Units(text, a.Units.Count),
            WallClock.Age(now - a.FiredAt, culture),
            a.State == AlertStates.Acknowledged ? a.AcknowledgedBy ?? "" : null))];
}
