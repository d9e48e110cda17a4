using System.Globalization;
using Microsoft.Extensions.Options;

namespace OpsCenter.Wall;

/// <summary>Now, in the city's time zone, and how to say how old a value is.</summary>
public sealed class WallClock(TimeProvider time, IOptions<WallOptions> options)
{
    private readonly TimeZoneInfo _zone = FindZone(options.Value.TimeZone);

    public DateTimeOffset UtcNow => time.GetUtcNow();

    public DateTimeOffset Local(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, _zone);

    public DateTimeOffset LocalNow => Local(UtcNow);

    /// <summary>A short age such as "12 giây" / "12 s", "3 phút", "2 giờ", "4 ngày".</summary>
    public static string Age(TimeSpan age, CultureInfo culture)
    {
        var vi = culture.TwoLetterISOLanguageName == "vi";
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }
        return age.TotalSeconds < 60 ? $"{(int)age.TotalSeconds} {(vi ? "giây" : "s")}"
            : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes} {(vi ? "phút" : "min")}"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours} {(vi ? "giờ" : "h")}"
            : $"{(int)age.TotalDays} {(vi ? "ngày" : "d")}";
    }

    private static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            // Vietnam has no daylight saving time: a fixed +07:00 is exact when tzdata is missing.
            return TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(7), id, id);
        }
    }
}
