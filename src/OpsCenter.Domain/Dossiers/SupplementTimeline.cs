namespace OpsCenter.Domain.Dossiers;

/// <summary>
/// Reads what happened after acceptance: the end of processing, the supplement requests and the
/// waits for the citizen. Repeated status-5 events (a source re-syncing) are one request; status
/// 1 and 2 after acceptance are re-syncs too and change nothing.
/// </summary>
internal sealed record SupplementTimeline(DateTimeOffset? EndedAt, int Requests, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> Waits)
{
    public static SupplementTimeline Read(Dossier dossier, DateTimeOffset judgedAt)
    {
        var after = dossier.Events.Skip(dossier.AcceptanceIndex + 1)
            .Where(e => e.Status is not (DossierStatus.SubmittedOnline or DossierStatus.Accepted))
            .ToList();
        if (dossier.Events[dossier.AcceptanceIndex].Status.IsEnd())
        {
            // Accepted and ended in one event (a source that skipped status 2).
            return new SupplementTimeline(dossier.AcceptedAt, 0, []);
        }

        // "Its only status after acceptance is a single supplement request": ended at the request.
        if (after.Count > 0 && after.All(e => e.Status == DossierStatus.SupplementRequested))
        {
            return new SupplementTimeline(after[0].At, 1, []);
        }

        var waits = new List<(DateTimeOffset, DateTimeOffset)>();
        var requests = 0;
        DateTimeOffset? waitingSince = null;
        foreach (var e in after)
        {
            if (e.Status == DossierStatus.SupplementRequested)
            {
                if (waitingSince is null)
                {
                    requests++;
                    waitingSince = e.At;
                }
                continue;
            }
            if (waitingSince is { } since)
            {
                waits.Add((since, e.At));
                waitingSince = null;
            }
            if (e.Status.IsEnd())
            {
                return new SupplementTimeline(e.At, requests, waits);
            }
        }
        if (waitingSince is { } open && open < judgedAt)
        {
            waits.Add((open, judgedAt));
        }
        return new SupplementTimeline(null, requests, waits);
    }
}
