using System.Globalization;
using System.Text.RegularExpressions;

namespace OpsCenter.Domain.Alerts.Routing;

/// <summary>Reads the document's "HH:mm" times and "+07:00" offsets, and turns local wall-clock times into instants.</summary>
internal static partial class LocalClock
{
    public static TimeOnly? Time(string? text) =>
        text is not null && TimePattern().IsMatch(text) ? TimeOnly.ParseExact(text, "HH:mm", CultureInfo.InvariantCulture) : null;

    public static TimeSpan? Offset(string? text)
    {
        var match = OffsetPattern().Match(text ?? RoutingDocument.DefaultUtcOffset);
        if (!match.Success)
        {
            return null;
        }
        var value = new TimeSpan(int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture), 0);
        return value > TimeSpan.FromHours(14) ? null : match.Groups[1].Value == "-" ? -value : value;
    }

    /// <summary>The offset of a validated document (the city's when it gives none).</summary>
    public static TimeSpan OffsetOrCity(string? text) => Offset(text) ?? Offset(null)!.Value;

    public static DateTimeOffset At(DateOnly date, TimeOnly time, TimeSpan offset) => new(date.ToDateTime(time), offset);

    [GeneratedRegex("^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    private static partial Regex TimePattern();

    [GeneratedRegex("^([+-])([01][0-9]):([0-5][0-9])$")]
    private static partial Regex OffsetPattern();
}
