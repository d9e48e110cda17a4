using System.Text.RegularExpressions;

namespace OpsCenter.Collector.Ingest;

/// <summary>
/// Free-text fields are short technical notes. Anything that looks like a citizen ID
/// (9 or 12 digits), a phone number or an e-mail address is refused rather than stored.
/// </summary>
internal static partial class PersonalData
{
    public static bool LooksPersonal(string text) => Pattern().IsMatch(text);

    [GeneratedRegex(@"(?<!\d)(\d{9}|\d{12})(?!\d)|(?<!\d)(\+?84|0)[35789]\d{8}(?!\d)|[^\s@]+@[^\s@]+\.[^\s@]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Pattern();
}
