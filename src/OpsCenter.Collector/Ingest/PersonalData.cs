using System.Text.RegularExpressions;

namespace OpsCenter.Collector.Ingest;

/// <summary>
/// Free-text fields are short technical notes. Anything that looks like a citizen ID
/// (9 or 12 digits), a phone number or an e-mail address is refused rather than stored.
/// </summary>
/// <remarks>
/// No match timeout: callers check the length first (at most a few hundred characters), so a match
/// is bounded and takes microseconds. A timeout counts wall-clock time, so on a busy machine a
/// descheduled thread hit it and a valid batch was answered 500 (seen under the ingest benchmark,
/// docs/PERFORMANCE.md).
/// </remarks>
internal static partial class PersonalData
{
    public static bool LooksPersonal(string text) => Pattern().IsMatch(text);

    [GeneratedRegex(@"(?<!\d)(\d{9}|\d{12})(?!\d)|(?<!\d)(\+?84|0)[35789]\d{8}(?!\d)|[^\s@]+@[^\s@]+\.[^\s@]+", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
