namespace OpsCenter.Domain.Dossiers;

/// <summary>An apology letter sent for a late dossier, with the new appointment it promised.</summary>
public sealed record ApologyLetter(DateTimeOffset IssuedAt, DateTimeOffset NewAppointmentAt);

/// <summary>
/// A dossier folded from its status events, in time order (ties keep arrival order). It holds
/// facts only; <see cref="OnTimeRule"/> judges them, because the judgement depends on when it is
/// made and on configuration (calendar, legal limits, thresholds).
/// </summary>
public sealed class Dossier
{
    private Dossier(IReadOnlyList<DossierEvent> events)
    {
        Events = events;
        var first = events[0];
        Id = first.DossierId;
        ProcedureCode = first.ProcedureCode;
        UnitCode = first.UnitCode;
        Channel = first.Channel;
        FirstSeenAt = first.At;
        LastStatus = events[^1].Status;
        AcceptanceIndex = FindAcceptance(events);
        AppointmentAt = events.FirstOrDefault(e => e.AppointmentAt is not null)?.AppointmentAt;
        LegalLimit = events.FirstOrDefault(e => e.LegalLimit is not null)?.LegalLimit;
        Flags = events.Aggregate(DossierFlags.None, (flags, e) => flags | e.Flags);
        HadFeesDue = events.Any(e => e.Status == DossierStatus.FeesDue);
        ApologyLetters = [.. events.Where(e => e.ApologyNewAppointmentAt is not null)
            .Select(e => new ApologyLetter(e.At, e.ApologyNewAppointmentAt!.Value))];
    }

    public string Id { get; }

    public string ProcedureCode { get; }

    public string UnitCode { get; }

    /// <summary>The channel of the first event: how the citizen submitted.</summary>
    public SubmissionChannel Channel { get; }

    public IReadOnlyList<DossierEvent> Events { get; }

    public DateTimeOffset FirstSeenAt { get; }

    public DossierStatus LastStatus { get; }

    /// <summary>Index in <see cref="Events"/> of the acceptance, or -1 if never accepted.</summary>
    public int AcceptanceIndex { get; }

    /// <summary>
    /// When the desk accepted it (first status 2). A source that skips 2 is taken to have accepted
    /// at its first event that is neither "submitted online" nor "refused at desk". Null for a
    /// dossier still waiting online or refused without acceptance: it is not "received".
    /// </summary>
    public DateTimeOffset? AcceptedAt => AcceptanceIndex >= 0 ? Events[AcceptanceIndex].At : null;

    /// <summary>
    /// The appointment first recorded. Later changes are ignored: supplement time is added by the
    /// rule itself and an apology letter's new date does not excuse lateness.
    /// </summary>
    public DateTimeOffset? AppointmentAt { get; }

    /// <summary>The legal time limit the source sent with the dossier (the first one sent), if any.</summary>
    public LegalTimeLimit? LegalLimit { get; }

    public DossierFlags Flags { get; }

    /// <summary>Fees or taxes were due (status 6 seen); the denominator of online payment.</summary>
    public bool HadFeesDue { get; }

    public IReadOnlyList<ApologyLetter> ApologyLetters { get; }

    public bool Has(DossierFlags flag) => (Flags & flag) == flag;

    /// <summary>Folds the events of one dossier.</summary>
    public static Dossier Fold(IEnumerable<DossierEvent> events)
    {
        var ordered = events.OrderBy(e => e.At).ToArray();
        if (ordered.Length == 0)
        {
            throw new ArgumentException("A dossier needs at least one event.", nameof(events));
        }
        if (ordered.Any(e => e.DossierId != ordered[0].DossierId))
        {
            throw new ArgumentException("Events of different dossiers cannot be folded together.", nameof(events));
        }
        return new Dossier(ordered);
    }

    /// <summary>Groups a mixed stream by dossier id and folds each group.</summary>
    public static IReadOnlyList<Dossier> FoldAll(IEnumerable<DossierEvent> events) =>
        [.. events.GroupBy(e => e.DossierId, StringComparer.Ordinal).Select(Fold)];

    /// <summary>
    /// The dossier as it was known just before <paramref name="instant"/> (events strictly
    /// earlier), or null if it did not exist yet. Period figures use the view at the period end so
    /// that every figure of one period sees the same history.
    /// </summary>
    public Dossier? AsOf(DateTimeOffset instant)
    {
        if (Events[^1].At < instant)
        {
            return this;
        }
        var known = Events.TakeWhile(e => e.At < instant).ToArray();
        return known.Length == 0 ? null : new Dossier(known);
    }

    private static int FindAcceptance(IReadOnlyList<DossierEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Status == DossierStatus.Accepted)
            {
                return i;
            }
        }
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Status is not (DossierStatus.SubmittedOnline or DossierStatus.RefusedAtDesk))
            {
                return i;
            }
        }
        return -1;
    }
}
