using System.Globalization;

namespace OpsCenter.Tests;

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

    /// <summary>
    /// Instants for data a test expects in this month's figures, fixed when made: the last
    /// <c>horizon</c> as it is, or squeezed into the part of the month gone by when the month is younger
    /// than that (the first minutes of a month), the order of events kept. A dossier "accepted six days
    /// ago, due two days ago" is then this month's late dossier on the 20th and on the 1st at 00:05.
    /// </summary>
    public sealed class Timeline
    {
        private readonly double _scale;

        public Timeline(TimeSpan horizon)
        {
            Now = UtcNow;
            var local = Now.ToOffset(TimeSpan.FromHours(7));
            var room = local - new DateTimeOffset(local.Year, local.Month, 1, 0, 0, 0, local.Offset) - TimeSpan.FromSeconds(30);
            _scale = room >= horizon ? 1 : Math.Max(room.TotalSeconds, 1) / horizon.TotalSeconds;
        }

        public DateTimeOffset Now { get; }

        /// <summary><paramref name="ago"/> before <see cref="Now"/>, squeezed as the month needs.</summary>
        public DateTimeOffset Ago(TimeSpan ago) => Now - (ago * _scale);
    }

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
