using OpsCenter.Domain.Calendar;

namespace OpsCenter.Domain.Tests.Calendar;

/// <summary>Builds instants from Ho Chi Minh City wall-clock times, as people state them.</summary>
internal static class Local
{
    public static DateTimeOffset At(int year, int month, int day, int hour = 0, int minute = 0) =>
        new(year, month, day, hour, minute, 0, VietnamTime.Offset);
}

/// <summary>A clock stopped at a given instant.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}
