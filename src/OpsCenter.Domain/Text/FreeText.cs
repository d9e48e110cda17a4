using System.Globalization;

namespace OpsCenter.Domain.Text;

/// <summary>
/// What any free text shown on a screen must be: no control characters, no bidirectional
/// controls (they reverse what follows, e.g. an incident title on the ops wall), and at least one
/// visible character (not only spaces, zero-width or filler characters). Vietnamese never needs a
/// bidirectional control; combining marks after a letter are visible text.
/// </summary>
public static class FreeText
{
    /// <summary>Null when the text may be shown; otherwise why not, in a sentence for a 400 problem.</summary>
    public static string? Problem(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var visible = false;
        foreach (var c in text)
        {
            if (IsBidiControl(c))
            {
                return "Bidirectional control characters (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) are not allowed.";
            }
            if (char.IsControl(c))
            {
                return "Control characters are not allowed.";
            }
            visible |= !IsInvisible(c);
        }
        return visible ? null : "Must contain a visible character, not only spaces or invisible characters.";
    }

    public static bool IsBidiControl(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>Spaces, format characters (zero-width space, joiners, BOM, soft hyphen), lone combining marks and the blank fillers.</summary>
    public static bool IsInvisible(char c) =>
        char.IsWhiteSpace(c)
        || c is '\u115F' or '\u1160' or '\u3164' or '\uFFA0' or '\u2800' or '\u180E' or '\u034F'
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Control
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark;
}
