using System.Text.RegularExpressions;
using OpsCenter.Domain.Text;
using OpsCenter.Domain.Units;

namespace OpsCenter.Collector.Ingest;

/// <summary>
/// The checks every kind shares, each adding an error under the field's path and returning the
/// clean value (or null). Personal data is refused in every free-text field.
/// </summary>
internal sealed partial class ItemChecks(ItemErrors errors, UnitLineage lineage, DateTimeOffset now, TimeSpan maxFutureSkew)
{
    /// <summary>No time before this is accepted: older data is a wrong clock or a wrong format.</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far a promised time (an appointment) may lie after the event that sets it.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(5 * 365 + 1);

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
        if (time < Earliest)
        {
            errors.Add(path, "Before the year 2000; is the clock or the format wrong?");
            return null;
        }
        return time.ToUniversalTime();
    }

    /// <summary>
    /// A promised time (an appointment): from the year 2000 to <see cref="MaxAhead"/> (5 years) after
    /// <paramref name="from"/>, the event's own time (or now when that is missing or refused).
    /// </summary>
    public DateTimeOffset? Promise(string path, DateTimeOffset? value, DateTimeOffset? from)
    {
        if (value is not { } time)
        {
            return null;
        }
        if (time < Earliest)
        {
            errors.Add(path, "Before the year 2000; is the clock or the format wrong?");
            return null;
        }
        if (time - (from ?? now) > MaxAhead)
        {
            errors.Add(path, "More than 5 years after the event's own time; is the date or the format wrong?");
            return null;
        }
        return time.ToUniversalTime();
    }

    /// <summary>A local day (e.g. the day counts are for): from 2000-01-01 to today, else an error and null.</summary>
    public DateOnly? Day(string path, DateOnly? value, TimeSpan utcOffset)
    {
        if (value is not { } day)
        {
            return null;
        }
        if (day < DateOnly.FromDateTime(Earliest.UtcDateTime))
        {
            errors.Add(path, "Before the year 2000; is the date or the format wrong?");
            return null;
        }
        if (day > DateOnly.FromDateTime((now + maxFutureSkew).ToOffset(utcOffset).DateTime))
        {
            errors.Add(path, "A day that has not begun yet; check the source's clock against GET /api/ingest/v1/time.");
            return null;
        }
        return day;
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
        if (FreeText.Problem(value) is { } problem)
        {
            errors.Add(path, problem);
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
