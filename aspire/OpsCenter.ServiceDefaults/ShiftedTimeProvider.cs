using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The system clock moved by a fixed offset: every service of a center started with the same
/// <c>Clock:Offset</c> lives at the same shifted "now" (tests of the hard instants, demos of a given
/// day). Only the wall-clock reading moves; timestamps, timers and delays run at the system's pace.
/// </summary>
public sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    /// <summary>The configuration section: <c>Offset</c> (a time span, e.g. <c>29.05:36:12</c> or <c>-3.00:00:00</c>) or <c>Start</c> (an instant, "now" when the process starts).</summary>
    public const string Section = "Clock";

    public TimeSpan Offset { get; } = offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    /// <summary>
    /// The clock configuration asks for: <see cref="TimeProvider.System"/> unless <c>Clock:Offset</c>
    /// or <c>Clock:Start</c> is set. A value that is not a time span or an instant stops the start
    /// with a message naming the setting.
    /// </summary>
    public static TimeProvider FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var offset = ParseOffset(configuration[$"{Section}:Offset"], configuration[$"{Section}:Start"], TimeProvider.System.GetUtcNow());
        return offset == TimeSpan.Zero ? System : new ShiftedTimeProvider(offset);
    }

    /// <summary>The offset of an offset or a start instant (the offset wins when both are given).</summary>
    public static TimeSpan ParseOffset(string? offset, string? start, DateTimeOffset systemNow)
    {
        if (!string.IsNullOrWhiteSpace(offset))
        {
            return TimeSpan.TryParse(offset, CultureInfo.InvariantCulture, out var span)
                ? span
                : throw new InvalidOperationException($"{Section}:Offset '{offset}' is not a time span (e.g. 29.05:36:12 or -3.00:00:00).");
        }
        if (!string.IsNullOrWhiteSpace(start))
        {
            // An instant without an offset is taken as UTC.
            return DateTimeOffset.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
                ? instant - systemNow
                : throw new InvalidOperationException($"{Section}:Start '{start}' is not an instant (e.g. 2026-12-31T23:55:00+07:00).");
        }
        return TimeSpan.Zero;
    }
}
