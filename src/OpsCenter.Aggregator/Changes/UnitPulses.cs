using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Health;

namespace OpsCenter.Aggregator.Changes;

/// <summary>
/// When each unit last reported, to tell when it went stale or silent and when it came back.
/// Live, the clock finds the moment (no event arrives); during a replay the gap between two samples
/// shows it, and both give it the same time: the last check plus the threshold. A gap counts only
/// when the samples also ARRIVED that far apart, so a backfill of old samples is not an outage.
/// Not thread-safe: the live state guards it.
/// </summary>
public sealed class UnitPulses(FreshnessPolicy freshness, ChangeFeed feed, ChangeTexts texts)
{
    private sealed class Pulse
    {
        public DateTimeOffset CheckedAt { get; set; }

        public DateTimeOffset ReceivedAt { get; set; }

        public TimeSpan Interval { get; set; }

        public Freshness Marked { get; set; }
    }

    private readonly Dictionary<string, Pulse> _units = new(StringComparer.Ordinal);

    public void Sample(string unit, DateTimeOffset checkedAt, DateTimeOffset receivedAt, TimeSpan interval)
    {
        if (!_units.TryGetValue(unit, out var pulse))
        {
            _units[unit] = new Pulse { CheckedAt = checkedAt, ReceivedAt = receivedAt, Interval = interval };
            return;
        }
        if (checkedAt <= pulse.CheckedAt)
        {
            return;
        }
        Judge(unit, pulse, checkedAt - pulse.CheckedAt, receivedAt - pulse.ReceivedAt);
        if (pulse.Marked >= Freshness.Stale)
        {
            feed.Add(checkedAt, unit, ChangeKinds.UnitBack, null, Name(pulse.Marked), "fresh", texts.Freshness(ChangeKinds.UnitBack, unit));
            pulse.Marked = Freshness.Fresh;
        }
        pulse.CheckedAt = checkedAt;
        pulse.ReceivedAt = receivedAt;
        pulse.Interval = interval;
    }

    /// <summary>Marks units that have gone quiet by <paramref name="now"/>.</summary>
    public void AdvanceClock(DateTimeOffset now)
    {
        foreach (var (unit, pulse) in _units)
        {
            Judge(unit, pulse, now - pulse.CheckedAt, now - pulse.ReceivedAt);
        }
    }

    private void Judge(string unit, Pulse pulse, TimeSpan checkGap, TimeSpan arrivalGap)
    {
        var gap = checkGap < arrivalGap ? checkGap : arrivalGap;
        var staleAfter = pulse.Interval * freshness.LateUpTo;
        var silentAfter = freshness.SilentAfter(pulse.Interval);
        if (pulse.Marked < Freshness.Stale && gap > staleAfter)
        {
            pulse.Marked = Freshness.Stale;
            feed.Add(pulse.CheckedAt + staleAfter, unit, ChangeKinds.UnitStale, null, "fresh", "stale", texts.Freshness(ChangeKinds.UnitStale, unit));
        }
        if (pulse.Marked < Freshness.Silent && gap > silentAfter)
        {
            pulse.Marked = Freshness.Silent;
            feed.Add(pulse.CheckedAt + silentAfter, unit, ChangeKinds.UnitSilent, null, "stale", "silent", texts.Freshness(ChangeKinds.UnitSilent, unit));
        }
    }

    private static string Name(Freshness f) => f == Freshness.Silent ? "silent" : "stale";

    internal IReadOnlyList<PulseImage> Export() =>
        [.. _units.Select(kv => new PulseImage(kv.Key, kv.Value.CheckedAt, kv.Value.ReceivedAt, kv.Value.Interval, kv.Value.Marked))];

    internal void Import(IEnumerable<PulseImage> image)
    {
        foreach (var p in image)
        {
            _units[p.Unit] = new Pulse { CheckedAt = p.CheckedAt, ReceivedAt = p.ReceivedAt, Interval = p.Interval, Marked = p.Marked };
        }
    }
}

/// <summary>When a unit last reported and how it is marked, as a snapshot holds it.</summary>
internal sealed record PulseImage(string Unit, DateTimeOffset CheckedAt, DateTimeOffset ReceivedAt, TimeSpan Interval, Freshness Marked);
