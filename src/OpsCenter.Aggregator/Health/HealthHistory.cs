using OpsCenter.Contracts.Query;
using OpsCenter.Domain.Health;

namespace OpsCenter.Aggregator.Health;

/// <summary>A run of samples with one status; each sample holds until the next one or until it turns stale.</summary>
/// <param name="LastSampleAt">The newest sample of the run; the run ends at min(this + hold, the next run's start).</param>
public sealed record StatusRun(HealthStatus Status, DateTimeOffset From, DateTimeOffset LastSampleAt, TimeSpan Hold)
{
    public DateTimeOffset End(DateTimeOffset? nextFrom)
    {
        var held = LastSampleAt + Hold;
        return nextFrom is { } next && next < held ? next : held;
    }
}

/// <summary>
/// Every system's status over time, run-length encoded: a sample that repeats the status only
/// moves the run's end, so 30 days of one-minute samples of a healthy system are one run. Runs older
/// than <see cref="Kept"/> are dropped. Not thread-safe: the live state guards it.
/// </summary>
public sealed class HealthHistory
{
    /// <summary>The longest range asked for (30 days), plus a day so a range never starts inside a dropped run.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(31);

    private readonly Dictionary<(string Unit, string System), List<StatusRun>> _runs = [];

    /// <param name="hold">How long a sample stands for its system: beyond it the system shows stale, so the time is no data.</param>
    public void Record(string unit, string system, HealthStatus status, DateTimeOffset checkedAt, TimeSpan hold)
    {
        if (!_runs.TryGetValue((unit, system), out var runs))
        {
            _runs[(unit, system)] = runs = [];
        }
        if (runs.Count > 0)
        {
            var last = runs[^1];
            // A late older sample (a retry, a backfill behind newer data) cannot rewrite what was shown.
            if (checkedAt <= last.LastSampleAt)
            {
                return;
            }
            if (last.Status == status && checkedAt - last.LastSampleAt <= last.Hold)
            {
                runs[^1] = last with { LastSampleAt = checkedAt, Hold = hold };
                return;
            }
        }
        runs.Add(new StatusRun(status, checkedAt, checkedAt, hold));
        if (runs[0].LastSampleAt + runs[0].Hold < checkedAt - Kept)
        {
            runs.RemoveAll(r => r.LastSampleAt + r.Hold < checkedAt - Kept);
        }
    }

    /// <summary>The runs of a system that end after <paramref name="from"/>, oldest first (a copy).</summary>
    public IReadOnlyList<StatusRun> Runs(string unit, string system, DateTimeOffset from)
    {
        if (!_runs.TryGetValue((unit, system), out var runs))
        {
            return [];
        }
        var result = new List<StatusRun>();
        for (var i = 0; i < runs.Count; i++)
        {
            if (runs[i].End(i + 1 < runs.Count ? runs[i + 1].From : null) > from)
            {
                result.Add(runs[i]);
            }
        }
        return result;
    }

    /// <summary>When the first sample of a system still held arrived: before it, only hourly rollups know.</summary>
    public DateTimeOffset? CoveredFrom(string unit, string system) =>
        _runs.TryGetValue((unit, system), out var runs) && runs.Count > 0 ? runs[0].From : null;

    /// <summary>A system's newest run (the status it shows and since when), or null.</summary>
    public StatusRun? LastRun(string unit, string system) =>
        _runs.TryGetValue((unit, system), out var runs) && runs.Count > 0 ? runs[^1] : null;

    public IEnumerable<string> SystemsOf(string unit) =>
        _runs.Keys.Where(k => k.Unit == unit).Select(k => k.System);

    /// <summary>Every system's runs (copies of the lists; runs are immutable), for a snapshot.</summary>
    internal IReadOnlyList<HistoryImage> Export() =>
        [.. _runs.Select(kv => new HistoryImage(kv.Key.Unit, kv.Key.System, [.. kv.Value]))];

    internal void Import(IEnumerable<HistoryImage> image)
    {
        foreach (var system in image)
        {
            _runs[(system.Unit, system.System)] = [.. system.Runs];
        }
    }
}

/// <summary>One system's runs as a snapshot holds them.</summary>
internal sealed record HistoryImage(string Unit, string System, IReadOnlyList<StatusRun> Runs);
