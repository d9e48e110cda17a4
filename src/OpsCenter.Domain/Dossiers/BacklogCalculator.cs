using OpsCenter.Domain.Calendar;

namespace OpsCenter.Domain.Dossiers;

/// <summary>
/// Computes <see cref="BacklogFigures"/> from folded dossiers (DOMAIN.md "Standard monthly
/// backlog figures"). Every dossier is seen as it was known at the period end, so that
/// to handle = processed + in progress holds within a period. A dossier judged ended at a lone
/// supplement request in one period and resumed in the next is carried over into the next.
/// </summary>
public sealed class BacklogCalculator(OnTimeRule rule)
{
    public OnTimeRule Rule { get; } = rule;

    /// <summary>
    /// Figures for <paramref name="scope"/> over <paramref name="period"/>. Pass the dossiers of the
    /// scope (one unit, or all units of a rollup); <paramref name="now"/> bounds a current period.
    /// </summary>
    public BacklogFigures Compute(string scope, ReportingPeriod period, IEnumerable<Dossier> dossiers, DateTimeOffset now)
    {
        var judgedAt = period.JudgedAt(now);
        var tally = new Tally();
        foreach (var dossier in dossiers)
        {
            tally.ApologyLetters += dossier.ApologyLetters.Count(a => period.Contains(a.IssuedAt));
            if (dossier.AsOf(period.End) is { } known)
            {
                Count(tally, known, Rule.Judge(known, judgedAt), period);
            }
        }
        return new BacklogFigures(scope, period, judgedAt, tally.ToCounts(), tally.LateByProcedure, tally.LateByStage,
            [.. tally.Times.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => ProcessingTimeStats.From(t.Key, t.Value))]);
    }

    /// <summary>As <see cref="Compute(string, ReportingPeriod, IEnumerable{Dossier}, DateTimeOffset)"/>, reading now from <paramref name="clock"/>.</summary>
    public BacklogFigures Compute(string scope, ReportingPeriod period, IEnumerable<Dossier> dossiers, TimeProvider clock) =>
        Compute(scope, period, dossiers, clock.GetUtcNow());

    private static void Count(Tally tally, Dossier dossier, DossierJudgement verdict, ReportingPeriod period)
    {
        if (!verdict.IsReceived || verdict.EndedAt < period.Start)
        {
            return;
        }
        if (verdict.AcceptedAt < period.Start)
        {
            tally.CarriedOver++;
        }
        else
        {
            CountReceived(tally, dossier);
        }
        if (verdict.DueAt is null)
        {
            tally.WithoutDueTime++;
        }

        switch (verdict.Standing)
        {
            case DossierStanding.EndedOnTime or DossierStanding.EndedLate:
                CountProcessed(tally, dossier, verdict);
                break;
            case DossierStanding.Late:
                tally.InProgressLate++;
                Increment(tally.LateByProcedure, dossier.ProcedureCode);
                Increment(tally.LateByStage, verdict.LastStatus);
                break;
            case DossierStanding.NearlyDue:
                tally.InProgressNearlyDue++;
                break;
            default:
                tally.InProgressNotYetDue++;
                break;
        }
    }

    private static void CountReceived(Tally tally, Dossier dossier)
    {
        tally.Received++;
        tally.ReceivedOnline += dossier.Channel == SubmissionChannel.Online ? 1 : 0;
        tally.Digitised += dossier.Has(DossierFlags.Digitised) ? 1 : 0;
        tally.DataReused += dossier.Has(DossierFlags.DataReused) ? 1 : 0;
        // Paying online implies fees were due even when the source never sent status 6.
        var paidOnline = dossier.Has(DossierFlags.PaidOnline);
        tally.WithFeesDue += dossier.HadFeesDue || paidOnline ? 1 : 0;
        tally.PaidOnline += paidOnline ? 1 : 0;
    }

    private static void CountProcessed(Tally tally, Dossier dossier, DossierJudgement verdict)
    {
        if (verdict.IsLate)
        {
            tally.ProcessedLate++;
        }
        else
        {
            tally.ProcessedOnTime++;
        }
        var statuses = dossier.Events.Select(e => e.Status).ToHashSet();
        if (statuses.Contains(DossierStatus.Processed) && !statuses.Contains(DossierStatus.ResultReturned))
        {
            tally.ProcessedNotCollected++;
        }
        tally.ProcessedWithEResult += dossier.Has(DossierFlags.EResult) ? 1 : 0;
        if (verdict.ProcessingWorkingDays is { } days)
        {
            if (!tally.Times.TryGetValue(dossier.ProcedureCode, out var list))
            {
                tally.Times[dossier.ProcedureCode] = list = [];
            }
            list.Add(days);
        }
    }

    private static void Increment<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull => counts[key] = counts.GetValueOrDefault(key) + 1;

    private sealed class Tally
    {
        public int CarriedOver, Received, InProgressLate, InProgressNearlyDue, InProgressNotYetDue;
        public int ProcessedOnTime, ProcessedLate, ProcessedNotCollected, ApologyLetters;
        public int ReceivedOnline, WithFeesDue, PaidOnline, Digitised, DataReused, ProcessedWithEResult, WithoutDueTime;

        public Dictionary<string, int> LateByProcedure { get; } = new(StringComparer.Ordinal);

        public Dictionary<DossierStatus, int> LateByStage { get; } = [];

        public Dictionary<string, List<double>> Times { get; } = new(StringComparer.Ordinal);

        public BacklogCounts ToCounts() => new()
        {
            CarriedOver = CarriedOver,
            Received = Received,
            InProgressLate = InProgressLate,
            InProgressNearlyDue = InProgressNearlyDue,
            InProgressNotYetDue = InProgressNotYetDue,
            ProcessedOnTime = ProcessedOnTime,
            ProcessedLate = ProcessedLate,
            ProcessedNotCollected = ProcessedNotCollected,
            ApologyLetters = ApologyLetters,
            ReceivedOnline = ReceivedOnline,
            WithFeesDue = WithFeesDue,
            PaidOnline = PaidOnline,
            Digitised = Digitised,
            DataReused = DataReused,
            ProcessedWithEResult = ProcessedWithEResult,
            WithoutDueTime = WithoutDueTime,
        };
    }
}
