using OpsCenter.Domain.Calendar;

namespace OpsCenter.Domain.Dossiers;

/// <summary>
/// The on-time judgement of Decision 766 (DOMAIN.md "On-time per Decision 766"):
/// <list type="bullet">
/// <item>the end of processing is the first end status after acceptance (9, 10, 3, 8, 7);</item>
/// <item>a dossier whose only status after acceptance is one supplement request ended at that request;</item>
/// <item>time waiting for the citizen (from a request for supplement until the next other status)
/// does not count: the due time moves by that much working time;</item>
/// <item>a second supplement request makes the dossier late;</item>
/// <item>on time when it ends on or before the due time: the appointment, else the procedure's legal
/// limit from acceptance;</item>
/// <item>an unfinished dossier is judged at the given instant (period end or now).</item>
/// </list>
/// </summary>
public sealed class OnTimeRule
{
    private readonly IReadOnlyDictionary<string, LegalTimeLimit> _legalLimits;

    public OnTimeRule(WorkingCalendar calendar, DeadlineOptions? options = null, IReadOnlyDictionary<string, LegalTimeLimit>? legalLimits = null)
    {
        Calendar = calendar;
        Options = options ?? DeadlineOptions.Default;
        _legalLimits = legalLimits ?? new Dictionary<string, LegalTimeLimit>();
    }

    public WorkingCalendar Calendar { get; }

    public DeadlineOptions Options { get; }

    /// <summary>
    /// Judges <paramref name="dossier"/> at <paramref name="judgedAt"/>. Pass the dossier as known
    /// then (<see cref="Dossier.AsOf"/>); an open supplement wait runs until <paramref name="judgedAt"/>.
    /// </summary>
    public DossierJudgement Judge(Dossier dossier, DateTimeOffset judgedAt)
    {
        if (dossier.AcceptedAt is not { } acceptedAt)
        {
            return new DossierJudgement(DossierStanding.NotReceived, null, null, null, dossier.LastStatus, 0, TimeSpan.Zero, null);
        }

        var timeline = SupplementTimeline.Read(dossier, judgedAt);
        var baseDue = BaseDue(dossier, acceptedAt);
        var (due, paused) = Extend(baseDue, timeline.Waits);
        var late = timeline.Requests >= 2;

        if (timeline.EndedAt is { } endedAt)
        {
            late |= due is not null && endedAt > due;
            var days = Calendar.WorkingDaysBetween(acceptedAt, endedAt) - (paused / TimeSpan.FromDays(1));
            return new DossierJudgement(late ? DossierStanding.EndedLate : DossierStanding.EndedOnTime,
                acceptedAt, due, endedAt, dossier.LastStatus, timeline.Requests, paused, Math.Max(0, days));
        }

        late |= due is not null && due < judgedAt;
        var standing = late ? DossierStanding.Late
            : due is not null && IsNearlyDue(acceptedAt, baseDue!.Value, due.Value, judgedAt) ? DossierStanding.NearlyDue
            : DossierStanding.NotYetDue;
        return new DossierJudgement(standing, acceptedAt, due, null, dossier.LastStatus, timeline.Requests, paused, null);
    }

    /// <summary>
    /// The first instant after <paramref name="now"/> at which the standing of an unfinished
    /// dossier changes with no new event (it turns nearly due, or late), or null when none will:
    /// it has ended, is already late, has no due time, or waits for the citizen's supplement
    /// (the due time then moves with the clock). Timers use it to recompute figures on time.
    /// </summary>
    public DateTimeOffset? NextChangeAt(Dossier dossier, DateTimeOffset now)
    {
        var verdict = Judge(dossier, now);
        if (verdict.Standing is not (DossierStanding.NotYetDue or DossierStanding.NearlyDue)
            || verdict.DueAt is not { } due || verdict.AcceptedAt is not { } acceptedAt || IsWaitingForSupplement(dossier))
        {
            return null;
        }
        // Late once the due time is strictly before the instant judged; nearly due once strictly
        // less than the window remains, so each change happens one tick after the boundary.
        var change = verdict.Standing == DossierStanding.NearlyDue
            ? due.AddTicks(1)
            : Calendar.SubtractWorkingTime(due, NearlyDueWindow(acceptedAt, BaseDue(dossier, acceptedAt)!.Value)).AddTicks(1);
        return change > now ? change : now.AddTicks(1);
    }

    /// <summary>The configured legal limit of a procedure, if any.</summary>
    public LegalTimeLimit? LegalLimitOf(string procedureCode) => _legalLimits.GetValueOrDefault(procedureCode);

    // A wait that starts after the dossier is already late does not make it on time again:
    // asking for papers after the due time cannot buy the office more time.
    private (DateTimeOffset? Due, TimeSpan Paused) Extend(DateTimeOffset? due, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> waits)
    {
        var paused = TimeSpan.Zero;
        foreach (var (from, to) in waits)
        {
            var wait = Calendar.WorkingTimeBetween(from, to);
            paused += wait;
            if (due is not null && from <= due)
            {
                due = Calendar.AddWorkingTime(due.Value, wait);
            }
        }
        return (due, paused);
    }

    // The appointment first recorded, else the dossier's own legal limit, else the procedure's.
    private DateTimeOffset? BaseDue(Dossier dossier, DateTimeOffset acceptedAt) =>
        dossier.AppointmentAt ?? (dossier.LegalLimit ?? LegalLimitOf(dossier.ProcedureCode))?.DueFrom(acceptedAt, Calendar);

    // Nearly due: less than the larger of N working days and a share of the allowed time remains.
    private bool IsNearlyDue(DateTimeOffset acceptedAt, DateTimeOffset baseDue, DateTimeOffset due, DateTimeOffset judgedAt) =>
        Calendar.WorkingTimeRemaining(judgedAt, due) < NearlyDueWindow(acceptedAt, baseDue);

    private TimeSpan NearlyDueWindow(DateTimeOffset acceptedAt, DateTimeOffset baseDue)
    {
        var allowed = Calendar.WorkingTimeBetween(acceptedAt, baseDue);
        var byShare = allowed > TimeSpan.Zero ? allowed * Options.NearlyDueShareOfAllowedTime : TimeSpan.Zero;
        var byDays = TimeSpan.FromDays(Options.NearlyDueWorkingDays);
        return byShare > byDays ? byShare : byDays;
    }

    // The last status after acceptance that is not a re-sync (1, 2) is an open supplement request.
    private static bool IsWaitingForSupplement(Dossier dossier)
    {
        for (var i = dossier.Events.Count - 1; i > dossier.AcceptanceIndex; i--)
        {
            if (dossier.Events[i].Status is not (DossierStatus.SubmittedOnline or DossierStatus.Accepted))
            {
                return dossier.Events[i].Status == DossierStatus.SupplementRequested;
            }
        }
        return false;
    }
}
