using OpsCenter.Contracts.Ingest;
using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Dossiers;

namespace OpsCenter.Aggregator.Kpis;

/// <summary>
/// What units report as finished figures: index scores (official 766, DTI) and daily backlog
/// counts from sources that cannot send dossier events. Not thread-safe (see <see cref="KpiState"/>).
/// </summary>
internal sealed class ReportedScores
{
    public const string Official766 = "qd766";
    public const string HcmcDti = "hcmc-dti-2025";
    public const string NationalDti = "national-dti";

    private readonly Dictionary<(string Unit, string Set), IndexScore> _latest = [];
    private readonly Dictionary<string, SortedList<DateOnly, DaySnapshot>> _snapshots = new(StringComparer.Ordinal);

    /// <summary>Keeps the newest published total of an index set per unit; returns true when it changed.</summary>
    public bool Add(string unit, IndexScoreItem item)
    {
        if (item.IndexSet is null || item.Indicator != "total" || item.Value is not { } value || item.Max is not { } max
            || item.PublishedAt is not { } at || item.Period is null)
        {
            return false;
        }
        if (_latest.TryGetValue((unit, item.IndexSet), out var current) && current.PublishedAt > at)
        {
            return false;
        }
        _latest[(unit, item.IndexSet)] = new IndexScore(item.IndexSet, item.Period, value, max, at);
        return true;
    }

    /// <summary>Keeps the latest counts per unit and day (a later report of the same day replaces it).</summary>
    public bool Add(string unit, BacklogSnapshotItem item, DateTimeOffset receivedAt)
    {
        if (item.Day is not { } day)
        {
            return false;
        }
        if (!_snapshots.TryGetValue(unit, out var days))
        {
            _snapshots[unit] = days = [];
        }
        days[day] = new DaySnapshot(new BacklogSnapshot
        {
            UnitCode = unit,
            Day = day,
            CarriedOver = item.CarriedOver ?? 0,
            Received = item.Received ?? 0,
            InProgressLate = item.InProgressLate ?? 0,
            InProgressNearlyDue = item.InProgressNearlyDue ?? 0,
            InProgressNotYetDue = item.InProgressNotDue ?? 0,
            ProcessedOnTime = item.ProcessedOnTime ?? 0,
            ProcessedLate = item.ProcessedLate ?? 0,
            ProcessedNotCollected = item.ProcessedNotCollected ?? 0,
            ApologyLetters = item.ApologyLetters ?? 0,
            ReceivedOnline = item.ReceivedOnline ?? 0,
        }, item.ReceivedOnline is not null, receivedAt);
        return true;
    }

    public IndexScore? Latest(string unit, string set) => _latest.GetValueOrDefault((unit, set));

    public DaySnapshot? Snapshot(string unit, DateOnly day) =>
        _snapshots.TryGetValue(unit, out var days) ? days.GetValueOrDefault(day) : null;

    /// <summary>Everything held, for a snapshot (the values are immutable records).</summary>
    public ReportedImage Export() => new(
        [.. _latest.Select(kv => new ReportedScoreImage(kv.Key.Unit, kv.Value))],
        [.. _snapshots.Values.SelectMany(days => days.Values)]);

    public void Import(ReportedImage image)
    {
        foreach (var latest in image.Latest)
        {
            _latest[(latest.Unit, latest.Score.IndexSet)] = latest.Score;
        }
        foreach (var day in image.Days)
        {
            if (!_snapshots.TryGetValue(day.Counts.UnitCode, out var days))
            {
                _snapshots[day.Counts.UnitCode] = days = [];
            }
            days[day.Counts.Day] = day;
        }
    }
}

internal sealed record ReportedScoreImage(string Unit, IndexScore Score);

/// <summary>What <see cref="ReportedScores"/> holds, for a snapshot.</summary>
internal sealed record ReportedImage(IReadOnlyList<ReportedScoreImage> Latest, IReadOnlyList<DaySnapshot> Days);

/// <param name="OnlineKnown">False when the source did not send the online count: its online share is unknown, not 0.</param>
internal sealed record DaySnapshot(BacklogSnapshot Counts, bool OnlineKnown, DateTimeOffset ReceivedAt);
