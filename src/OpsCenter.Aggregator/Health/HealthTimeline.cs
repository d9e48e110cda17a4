using OpsCenter.Contracts.Query;
using OpsCenter.Domain.Health;
using OpsCenter.Storage.Admin;
using OpsCenter.Storage.Retention;

namespace OpsCenter.Aggregator.Health;

/// <summary>
/// One system's history over [from, to): runs of raw samples where the live state has them,
/// the store's hourly rollups before that, maintenance windows cut out of both. Pure.
/// </summary>
public static class HealthTimeline
{
    private sealed record Piece(DateTimeOffset From, DateTimeOffset To, SystemState State, HealthHour? Hour = null);

    public static (IReadOnlyList<TimelineSegment> Segments, AvailabilityFigures Figures) Build(
        IReadOnlyList<StatusRun> runs, DateTimeOffset? coveredFrom, IEnumerable<HealthHour> hours,
        IReadOnlyList<MaintenanceWindow> maintenance, DateTimeOffset from, DateTimeOffset to)
    {
        var known = new List<Piece>();
        // Rollup hours only where no raw sample is held: the raw runs are exact, the hours are counts.
        foreach (var hour in hours.OrderBy(h => h.Hour))
        {
            var end = hour.Hour + TimeSpan.FromHours(1);
            if (coveredFrom is { } c && end > c)
            {
                continue;
            }
            var state = hour.Down > 0 ? SystemState.Down : hour.Degraded > 0 ? SystemState.Degraded : SystemState.Up;
            AddClipped(known, new Piece(hour.Hour, end, state, hour), from, to);
        }
        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            AddClipped(known, new Piece(run.From, run.End(i + 1 < runs.Count ? runs[i + 1].From : null), StateOf(run.Status)), from, to);
        }
        var pieces = FillGaps(known, from, to);
        pieces = CutMaintenance(pieces, maintenance, from, to);

        double up = 0, degraded = 0, down = 0, inMaintenance = 0, none = 0;
        foreach (var p in pieces)
        {
            var seconds = (p.To - p.From).TotalSeconds;
            if (p.Hour is { } h && h.Up + h.Degraded + h.Down > 0)
            {
                // An hour known only by its counts: its time is shared out by the samples' statuses.
                double n = h.Up + h.Degraded + h.Down;
                (up, degraded, down) = (up + (seconds * h.Up / n), degraded + (seconds * h.Degraded / n), down + (seconds * h.Down / n));
                continue;
            }
            switch (p.State)
            {
                case SystemState.Up: up += seconds; break;
                case SystemState.Degraded: degraded += seconds; break;
                case SystemState.Down: down += seconds; break;
                case SystemState.Maintenance: inMaintenance += seconds; break;
                default: none += seconds; break;
            }
        }
        return (Merge(pieces), AvailabilityFigures.Of(up, degraded, down, inMaintenance, none));
    }

    private static SystemState StateOf(HealthStatus status) => status switch
    {
        HealthStatus.Up => SystemState.Up,
        HealthStatus.Degraded => SystemState.Degraded,
        _ => SystemState.Down,
    };

    private static void AddClipped(List<Piece> pieces, Piece piece, DateTimeOffset from, DateTimeOffset to)
    {
        var start = piece.From < from ? from : piece.From;
        var end = piece.To > to ? to : piece.To;
        if (end > start)
        {
            pieces.Add(piece with { From = start, To = end });
        }
    }

    private static List<Piece> FillGaps(List<Piece> known, DateTimeOffset from, DateTimeOffset to)
    {
        var result = new List<Piece>();
        var at = from;
        foreach (var piece in known.OrderBy(p => p.From))
        {
            var start = piece.From < at ? at : piece.From;
            if (start > at)
            {
                result.Add(new Piece(at, start, SystemState.NoData));
            }
            if (piece.To > start)
            {
                result.Add(piece with { From = start });
                at = piece.To;
            }
        }
        if (at < to)
        {
            result.Add(new Piece(at, to, SystemState.NoData));
        }
        return result;
    }

    private static List<Piece> CutMaintenance(List<Piece> pieces, IReadOnlyList<MaintenanceWindow> windows, DateTimeOffset from, DateTimeOffset to)
    {
        var cuts = windows.Select(w => (From: w.StartsAt < from ? from : w.StartsAt, To: w.EndsAt > to ? to : w.EndsAt))
            .Where(w => w.To > w.From).OrderBy(w => w.From).ToList();
        if (cuts.Count == 0)
        {
            return pieces;
        }
        var result = new List<Piece>();
        foreach (var piece in pieces)
        {
            var at = piece.From;
            foreach (var (start, end) in cuts)
            {
                if (end <= at || start >= piece.To)
                {
                    continue;
                }
                if (start > at)
                {
                    result.Add(piece with { From = at, To = start });
                }
                var cutEnd = end < piece.To ? end : piece.To;
                result.Add(new Piece(start > at ? start : at, cutEnd, SystemState.Maintenance));
                at = cutEnd;
            }
            if (at < piece.To)
            {
                result.Add(piece with { From = at });
            }
        }
        return result;
    }

    private static List<TimelineSegment> Merge(List<Piece> pieces)
    {
        var segments = new List<TimelineSegment>();
        foreach (var p in pieces)
        {
            var hourly = p.Hour is not null;
            if (segments.Count > 0 && segments[^1].State == p.State && segments[^1].Hourly == hourly && segments[^1].To == p.From)
            {
                segments[^1] = segments[^1] with { To = p.To };
            }
            else
            {
                segments.Add(new TimelineSegment(p.From, p.To, p.State, hourly));
            }
        }
        return segments;
    }
}
