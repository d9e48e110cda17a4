using System.Text.RegularExpressions;
using OpsCenter.Domain.Units;

namespace OpsCenter.Collector.Ingest;

/// <summary>
/// The checks every kind shares, each adding an error under the field's path and returning the
/// clean value (or null). Personal data is refused in every free-text field.
/// </summary>
internal sealed partial class ItemChecks(ItemErrors errors, UnitLineage lineage, DateTimeOffset now, TimeSpan maxFutureSkew)
{
    public ItemErrors Errors => errors;

    public DateTimeOffset Now => now;

    /// <summary>
    /// The current unit the data counts for: a current code, or a pre-July-2025 code for data
    /// dated before the reorganisation (attributed to its successor).
    /// </summary>
    public Attribution? Unit(string path, string? code, DateTimeOffset? at)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            errors.Add(path, "Required: the official unit code, e.g. 26740.");
            return null;
        }
        var attribution = lineage.Attribute(code, at ?? now);
        if (attribution is null)
        {
            errors.Add(path, $"Unknown unit code '{Truncate(code)}'.");
        }
        return attribution;
    }

    public DateTimeOffset? Time(string path, DateTimeOffset? value, bool required = true)
    {
        if (value is not { } time)
        {
            if (required)
            {
                errors.Add(path, "Required: a time in ISO 8601 with offset, e.g. 2025-11-28T08:30:00+07:00.");
            }
            return null;
        }
        if (time > now + maxFutureSkew)
        {
            errors.Add(path, $"More than {maxFutureSkew.TotalMinutes:0} minutes in the future; check the source's clock against GET /api/ingest/v1/time.");
            return null;
        }
        if (time.Year < 2000)
        {
            errors.Add(path, "Before the year 2000; is the clock or the format wrong?");
            return null;
        }
        return time.ToUniversalTime();
    }

    /// <summary>A free-text or code field: length-limited, no control characters, no personal data.</summary>
    public string? Text(string path, string? value, int maxLength, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(path, "Required.");
            }
            return null;
        }
        if (value.Length > maxLength)
        {
            errors.Add(path, $"At most {maxLength} characters.");
            return null;
        }
        if (value.Any(char.IsControl))
        {
            errors.Add(path, "Control characters are not allowed.");
            return null;
        }
        if (PersonalData.LooksPersonal(value))
        {
            errors.Add(path, "Looks like personal data (an ID, phone number or e-mail); it is never accepted.");
            return null;
        }
        return value;
    }

    /// <summary>An identifier: letters, digits and <c>. _ - : /</c>, not a bare citizen-ID-like number.</summary>
    public string? Code(string path, string? value, int maxLength = 64, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(path, "Required.");
            }
            return null;
        }
        if (value.Length > maxLength || !CodePattern().IsMatch(value))
        {
            errors.Add(path, $"1-{maxLength} characters of letters, digits and . _ - : / only.");
            return null;
        }
        if (PersonalData.LooksPersonal(value))
        {
            errors.Add(path, "Looks like a citizen ID or phone number; identifiers must be pseudonymous.");
            return null;
        }
        return value;
    }

    public int? Range(string path, int? value, int min, int max, bool required = true)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(path, $"Required: a whole number from {min} to {max}.");
            }
            return null;
        }
        if (value < min || value > max)
        {
            errors.Add(path, $"Must be from {min} to {max}.");
            return null;
        }
        return value;
    }

    public string? OneOf(string path, string? value, IReadOnlyCollection<string> allowed, bool required = true)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                errors.Add(path, $"Required: one of {string.Join(", ", allowed)}.");
            }
            return null;
        }
        if (!allowed.Contains(value))
        {
            errors.Add(path, $"'{Truncate(value)}' is not one of {string.Join(", ", allowed)}.");
            return null;
        }
        return value;
    }

    public static string Truncate(string text) => text.Length <= 32 ? text : text[..32] + "…";

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:/-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
