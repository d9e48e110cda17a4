using OpsCenter.Domain.Calendar;
using OpsCenter.Domain.Dossiers;
using OpsCenter.Domain.Tests.Calendar;
using static OpsCenter.Domain.Tests.Calendar.Local;

namespace OpsCenter.Domain.Tests.Dossiers;

public class BacklogCalculatorTests
{
    private static readonly BacklogCalculator Calculator = new(new OnTimeRule(WorkingCalendar.Default));
    private static readonly ReportingPeriod March = ReportingPeriod.Containing(PeriodKind.Month, At(2025, 3, 15));
    private static readonly ReportingPeriod April = ReportingPeriod.Containing(PeriodKind.Month, At(2025, 4, 15));
    private static readonly DateTimeOffset Later = At(2025, 6, 1);

    // One small ward's March, each dossier chosen for one figure (all times HCMC local).
    private static IReadOnlyList<Dossier> MarchDossiers() =>
    [
        // Ended in February: not part of March at all.
        new DossierBuilder("A").Accepted(At(2025, 2, 25, 9), At(2025, 2, 27, 17)).Then(DossierStatus.Processed, At(2025, 2, 27, 10)).Build(),
        // Carried over from February, processed late in March, result not collected.
        new DossierBuilder("B").Accepted(At(2025, 2, 27, 9), At(2025, 3, 3, 17)).Then(DossierStatus.Processed, At(2025, 3, 5, 10)).Build(),
        // Online, digitised, e-result; on time and collected.
        new DossierBuilder("C", channel: SubmissionChannel.Online)
            .Then(DossierStatus.SubmittedOnline, At(2025, 3, 2, 20))
            .Accepted(At(2025, 3, 3, 9), At(2025, 3, 5, 17), DossierFlags.Digitised)
            .Then(DossierStatus.Processed, At(2025, 3, 5, 10), DossierFlags.EResult)
            .Then(DossierStatus.ResultReturned, At(2025, 3, 6, 9)).Build(),
        // Still in processing at the end of March, long past its appointment.
        new DossierBuilder("D", procedure: "P2").Accepted(At(2025, 3, 10, 9), At(2025, 3, 12, 17))
            .Then(DossierStatus.InProcessing, At(2025, 3, 10, 10)).Build(),
        // Due Fri 4 Apr 17:00: 89 working hours left on 1 Apr, not yet due.
        new DossierBuilder("E").Accepted(At(2025, 3, 31, 9), At(2025, 4, 4, 17)).Build(),
        // Due Tue 1 Apr 12:00: 12 h left, nearly due; fees paid online.
        new DossierBuilder("F", channel: SubmissionChannel.Online).Accepted(At(2025, 3, 24, 9), At(2025, 4, 1, 12))
            .Then(DossierStatus.FeesDue, At(2025, 3, 24, 10))
            .Then(DossierStatus.InProcessing, At(2025, 3, 24, 15), DossierFlags.PaidOnline).Build(),
        // Late at the end of March with an apology letter; processed only on 2 April.
        new DossierBuilder("G").Accepted(At(2025, 3, 20, 9), At(2025, 3, 21, 17))
            .Event(DossierStatus.InProcessing, At(2025, 3, 25, 9), apologyNewAppointment: At(2025, 4, 2, 17))
            .Then(DossierStatus.Processed, At(2025, 4, 2, 10)).Build(),
        // Submitted online, never accepted: not received.
        new DossierBuilder("H", channel: SubmissionChannel.Online).Then(DossierStatus.SubmittedOnline, At(2025, 3, 30, 9)).Build(),
    ];

    [Fact]
    public void Compute_PastMonth_GivesTheStandardFigures()
    {
        var counts = Calculator.Compute("U1", March, MarchDossiers(), Later).Counts;

        Assert.Equal(1, counts.CarriedOver);
        Assert.Equal(5, counts.Received);
        Assert.Equal(6, counts.ToHandle);
        Assert.Equal((2, 1, 1), (counts.InProgressLate, counts.InProgressNearlyDue, counts.InProgressNotYetDue));
        Assert.Equal((1, 1), (counts.ProcessedOnTime, counts.ProcessedLate));
        Assert.Equal(counts.ToHandle, counts.Processed + counts.InProgress);
        Assert.Equal(1, counts.ProcessedNotCollected);
        Assert.Equal(1, counts.ApologyLetters);
    }

    [Fact]
    public void Compute_PastMonth_DerivesRatesFromCounts()
    {
        var counts = Calculator.Compute("U1", March, MarchDossiers(), Later).Counts;

        Assert.Equal(0.5, counts.LateRate); // (2 late in progress + 1 late processed) / 6
        Assert.Equal(0.5, counts.OnTimeRate);
        Assert.Equal(0.4, counts.OnlineShare); // C and F of 5 received
        Assert.Equal(1.0, counts.OnlinePaymentShare); // F, the only one with fees
        Assert.Equal(0.2, counts.DigitisedShare);
        Assert.Equal(0.5, counts.EResultShare); // C of 2 processed
    }

    [Fact]
    public void Compute_PastMonth_ShowsWhereLateDossiersWait()
    {
        var figures = Calculator.Compute("U1", March, MarchDossiers(), Later);

        Assert.Equal(new Dictionary<string, int> { ["P1"] = 1, ["P2"] = 1 }, figures.LateByProcedure);
        Assert.Equal(new Dictionary<DossierStatus, int> { [DossierStatus.InProcessing] = 2 }, figures.LateByStage);
    }

    [Fact]
    public void Compute_PastMonth_GivesProcessingPercentilesPerProcedure()
    {
        // B: Thu 27 Feb 09:00 -> Wed 5 Mar 10:00 = 97 working hours; C: Mon 09:00 -> Wed 10:00 = 49 h.
        var times = Assert.Single(Calculator.Compute("U1", March, MarchDossiers(), Later).ProcessingTimes);

        Assert.Equal("P1", times.ProcedureCode);
        Assert.Equal(2, times.Count);
        Assert.Equal(73.0 / 24, times.P50, 9);
        Assert.Equal((49 + (0.9 * 48)) / 24, times.P90, 9);
    }

    [Fact]
    public void Compute_DossierCrossingMonthEnd_IsCarriedOverIntoTheNextMonth()
    {
        var g = MarchDossiers().Single(d => d.Id == "G");

        var march = Calculator.Compute("U1", March, [g], Later).Counts;
        var april = Calculator.Compute("U1", April, [g], Later).Counts;

        Assert.Equal((1, 0, 1), (march.Received, march.CarriedOver, march.InProgressLate));
        Assert.Equal((0, 1, 1), (april.Received, april.CarriedOver, april.ProcessedLate));
    }

    [Fact]
    public void Compute_LoneSupplementResumedNextMonth_EndsInFirstAndIsCarriedIntoSecond()
    {
        var dossier = new DossierBuilder("S").Accepted(At(2025, 2, 27, 9), At(2025, 3, 4, 17))
            .Then(DossierStatus.SupplementRequested, At(2025, 2, 27, 15))
            .Then(DossierStatus.InProcessing, At(2025, 3, 3, 9))
            .Then(DossierStatus.Processed, At(2025, 3, 4, 10)).Build();
        var february = ReportingPeriod.Containing(PeriodKind.Month, At(2025, 2, 10));

        var feb = Calculator.Compute("U1", february, [dossier], Later).Counts;
        var march = Calculator.Compute("U1", March, [dossier], Later).Counts;

        Assert.Equal((1, 1), (feb.Received, feb.ProcessedOnTime));
        Assert.Equal((1, 1), (march.CarriedOver, march.ProcessedOnTime));
    }

    [Fact]
    public void Compute_CurrentMonth_JudgesAtNow()
    {
        var now = At(2025, 3, 12, 12);
        var d = MarchDossiers().Single(d => d.Id == "D");

        var figures = Calculator.Compute("U1", March, [d], now);

        Assert.Equal(now, figures.JudgedAt);
        Assert.Equal(1, figures.Counts.InProgressNearlyDue); // 5 h before its 17:00 appointment
    }

    [Fact]
    public void Compute_WithClock_UsesItsNow() =>
        Assert.Equal(At(2025, 3, 12, 12), Calculator.Compute("U1", March, MarchDossiers(), new FixedClock(At(2025, 3, 12, 12))).JudgedAt);

    [Fact]
    public void Compute_NoDossiers_HasNullRatesNotZero()
    {
        var counts = Calculator.Compute("U1", March, [], Later).Counts;

        Assert.Equal(0, counts.ToHandle);
        Assert.Null(counts.LateRate);
        Assert.Null(counts.OnTimeRate);
        Assert.Null(counts.OnlineShare);
    }
}
