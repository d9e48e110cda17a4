using System.Globalization;

namespace OpsCenter.Testing;

/// <summary>
/// "Now" for the whole-system tests and the center they start. <c>OPSCENTER_TEST_CLOCK</c> (an instant,
/// e.g. <c>2026-12-31T23:55:00+07:00</c>) makes the center start at that instant (the test command
/// sets it to one of its hard instants for a second pass); unset, it is the system clock. A test
/// reads the time from here, never from <see cref="DateTimeOffset.UtcNow"/>, so that what it posts and
/// what it expects agree with the center's own clock. Linked into every whole-system project.
/// </summary>
public static class TestClock
{
    public const string Variable = "OPSCENTER_TEST_CLOCK";

    /// <summary>Fixed once per test process: the center is given the same offset, not the instant.</summary>
    public static TimeSpan Offset { get; } = OffsetOf(Environment.GetEnvironmentVariable(Variable));

    public static DateTimeOffset UtcNow => DateTimeOffset.UtcNow + Offset;

    /// <summary>Now in Vietnam (UTC+7, no daylight saving).</summary>
    public static DateTimeOffset VietnamNow => UtcNow.ToOffset(TimeSpan.FromHours(7));

    /// <summary>Today's date in Vietnam.</summary>
    public static DateOnly VietnamToday => DateOnly.FromDateTime(VietnamNow.DateTime);

    /// <summary>The AppHost argument that gives the center this clock (none when unshifted).</summary>
    public static IEnumerable<string> AppHostArguments =>
        Offset == TimeSpan.Zero ? [] : [$"--OpsCenter:ClockOffset={Offset.ToString("c", CultureInfo.InvariantCulture)}"];

    private static TimeSpan OffsetOf(string? instant)
    {
        if (string.IsNullOrWhiteSpace(instant))
        {
            return TimeSpan.Zero;
        }
        return DateTimeOffset.TryParse(instant, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start)
            ? start - DateTimeOffset.UtcNow
            : throw new InvalidOperationException($"{Variable}='{instant}' is not an instant (e.g. 2026-12-31T23:55:00+07:00).");
    }
}
