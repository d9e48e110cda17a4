using System.Globalization;

namespace OpsCenter.Wall.Components.Tiles;

/// <summary>
/// Numbers as the wall shows them, in the screen's culture (vi-VN: <c>1.234</c>, <c>96,5 %</c>).
/// Missing is an em dash, never zero.
/// </summary>
public static class Figures
{
    public const string Missing = "—";

    public static string Count(int? value) => value is { } v ? v.ToString("N0", CultureInfo.CurrentCulture) : Missing;

    public static string Percent(double? share) =>
        share is { } s ? (s * 100).ToString("N1", CultureInfo.CurrentCulture) + (CultureInfo.CurrentCulture.TwoLetterISOLanguageName == "vi" ? " %" : "%") : Missing;

    public static string Score(decimal? value) => value is { } v ? v.ToString("N2", CultureInfo.CurrentCulture) : Missing;

    public static string Score(double? value) => value is { } v ? v.ToString("N1", CultureInfo.CurrentCulture) : Missing;
}
