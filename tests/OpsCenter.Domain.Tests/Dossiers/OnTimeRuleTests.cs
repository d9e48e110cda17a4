using OpsCenter.Domain.Calendar;
using OpsCenter.Domain.Dossiers;
using static OpsCenter.Domain.Tests.Calendar.Local;

namespace OpsCenter.Domain.Tests.Dossiers;

// March 2025 has no holidays: Mon 3, Tue 4, Wed 5, Thu 6, Fri 7, Mon 10 ... are working days.
public class OnTimeRuleTests
{
    private static readonly OnTimeRule Rule = new(WorkingCalendar.Default, legalLimits: new Dictionary<string, LegalTimeLimit>
    {
        ["P3"] = new(3),
    });

    private static readonly DateTimeOffset EndOfMarch = At(2025, 4, 1);

    [Fact]
    public void Judge_EndedExactlyAtAppointment_IsOnTime()
    {
        var dossier = new DossierBuilder("D1")
            .Accepted(At(2025, 3, 3, 9), At(2025, 3, 5, 17))
            .Then(DossierStatus.Processed, At(2025, 3, 5, 17))
            .Build();

        var verdict = Rule.Judge(dossier, EndOfMarch);

        Assert.Equal(DossierStanding.EndedOnTime, verdict.Standing);
        Assert.Equal(At(2025, 3, 5, 17), verdict.EndedAt);
    }

    [Fact]
    public void Judge_EndedAfterAppointment_IsLate() =>
        Assert.Equal(DossierStanding.EndedLate, Rule.Judge(new DossierBuilder("D1")
            .Accepted(At(2025, 3, 3, 9), At(2025, 3, 5, 17))
            .Then(DossierStatus.Processed, At(2025, 3, 5, 17, 1))
            .Build(), EndOfMarch).Standing);

    [Fact]
    public void Judge_ReturnedAfterProcessed_EndsAtTheFirstEndStatus()
    {
        var verdict = Rule.Judge(new DossierBuilder("D1")
            .Accepted(At(2025, 3, 3, 9), At(2025, 3, 5, 17))
            .Then(DossierStatus.Processed, At(2025, 3, 5, 10))
            .Then(DossierStatus.ResultReturned, At(2025, 3, 10, 10))
            .Build(), EndOfMarch);

        Assert.Equal(DossierStanding.EndedOnTime, verdict.Standing);
        Assert.Equal(At(2025, 3, 5, 10), verdict.EndedAt);
    }

    [Fact]
    public void Judge_OneSupplement_TimeExcludedAndStillOnTime()
    {
        // Due Wed 5 Mar 09:00. The citizen takes Mon 15:00 -> Thu 15:00 (3 working days) to supplement,
        // so the due time moves 72 working hours: Wed 09:00 -> Mon 10 Mar 09:00 (the weekend skipped).
        var verdict = Rule.Judge(new DossierBuilder("D1")
            .Accepted(At(2025, 3, 3, 9), At(2025, 3, 5, 9))
            .Then(DossierStatus.InProcessing, At(2025, 3, 3, 10))
            .Then(DossierStatus.SupplementRequested, At(2025, 3, 3, 15))
            .Then(DossierStatus.InProcessing, At(2025, 3, 6, 15))
            .Then(DossierStatus.Processed, At(2025, 3, 7, 10))
            .Build(), EndOfMarch);

        Assert.Equal(DossierStanding.EndedOnTime, verdict.Standing);
        Assert.Equal(At(2025, 3, 10, 9), verdict.DueAt);
        Assert.Equal(TimeSpan.FromHours(72), verdict.SupplementTime);
        Assert.Equal(1, verdict.SupplementRequests);
        // Mon 09:00 -> Fri 10:00 is 4 working days and 1 hour; minus 3 days of waiting.
        Assert.Equal(25.0 / 24, verdict.ProcessingWorkingDays!.Value, 9);
    }

    [Fact]
    public void Judge_SupplementOverWeekend_ExtendsByWorkingTimeOnly()
    {
        // Waiting Fri 7 Mar 16:00 -> Mon 10 Mar 09:00 is 8 h + 9 h of working time, not 65 h.
        var verdict = Rule.Judge(new DossierBuilder("D1")
            .Accepted(At(2025, 3, 6, 9), At(2025, 3, 11, 10))
            .Then(DossierStatus.SupplementRequested, At(2025, 3, 7, 16))
            .Then(DossierStatus.InProcessing, At(2025, 3, 10, 9))
            .Build(), EndOfMarch);

        Assert.Equal(TimeSpan.FromHours(17), verdict.SupplementTime);
        Assert.Equal(At(2025, 3, 12, 3), verdict.DueAt);
    }

    [Fact]
    public void Judge_SecondSupplement_IsLateEvenIfEndedBeforeAppointment()
    {
        var verdict = Rule.Judge(new DossierBuilder("D1")
            .Accepted(At(2025, 3, 3, 9), At(2025, 3, 7, 17))
            .Then(DossierStatus.SupplementRequested, At(2025, 3, 3, 10))
            .Then(DossierStatus.InProcessing, At(2025, 3, 3, 14))
            .Then(DossierStatus.SupplementRequested, At(2025, 3, 4, 10))
            .Then(DossierStatus.InProcessing, At(2025, 3, 4, 14))
            .Then(DossierStatus.Processed, At(2025, 3, 5, 10))
            .Build(), EndOfMarch);

        Assert.Equal(DossierStanding.EndedLate, verdict.Standing);
        Assert.Equal(2, verdict.SupplementRequests);
    }

    [Fact]
    public void Judge_SecondSupplementStillOpen_IsLateInProgress() =>
        Assert.Equal(DossierStanding.Late, Rule.Judge(new DossierBuilder("D1")
            .Accepted(At(2025, 3, 3, 9), At(2025, 3, 7, 17))
            .Then(DossierStatus.SupplementRequested, At(2025, 3, 3, 10))
            .Then(DossierStatus.InProcessing, At(2025, 3, 3, 14))
            .Then(DossierStatus.SupplementRequested, At(2025, 3, 4, 10))
            .Build(), At(2025, 3, 4, 12)).Standing);

    [Fact]
    public void Judge_RepeatedSupplementEvent_CountsAsOneRequest()
    {
        var verdict = Rule.Judge(new DossierBuilder("D1")
            .Accepted(At(2025, 3, 3, 9), At(2025, 3, 7, 17))
            .Then(DossierStatus.SupplementRequested, At(2025, 3, 3, 10))
            .Then(DossierStatus.SupplementRequested, At(2025, 3, 3, 11))
            .Then(DossierStatus.InProcessing, At(2025, 3, 3, 14))
            .Then(DossierStatus.Processed, At(2025, 3, 5, 10))
            .Build(), EndOfMarch);

        Assert.Equal(DossierStanding.EndedOnTime, verdict.Standing);
        Assert.Equal(1, verdict.SupplementRequests);
        Assert.Equal(TimeSpan.FromHours(4), verdict.SupplementTime);
    }

    [Fact]
    public void Judge_OnlySupplementAfterAcceptance_EndsAtTheRequest()
    {
        var verdict = Rule.Judge(new DossierBuilder("D1")
            .Accepted(At(2025, 3, 3, 9), At(2025, 3, 5, 17))
            .Then(DossierStatus.SupplementRequested, At(2025, 3, 4, 10))
            .Build(), EndOfMarch);

        Assert.Equal(DossierStanding.EndedOnTime, verdict.Standing);
        Assert.Equal(At(2025, 3, 4, 10), verdict.EndedAt);
        Assert.Equal(TimeSpan.Zero, verdict.SupplementTime);
    }

    [Fact]
    public void Judge_OnlySupplementAfterAppointment_EndedLate() =>
        Assert.Equal(DossierStanding.EndedLate, Rule.Judge(new DossierBuilder("D1")
            .Accepted(At(2025, 3, 3, 9), At(2025, 3, 5, 17))
            .Then(DossierStatus.SupplementRequested, At(2025, 3, 6, 10))
            .Build(), EndOfMarch).Standing);

    [Fact]
    public void Judge_SupplementStillOpenAfterProcessingStarted_ClockStopsUntilJudgement()
    {
        // Due Wed 5 Mar 09:00; asked for papers Tue 09:00 with 24 working hours left. Still waiting at
        // the end of March: the due time keeps moving, so 24 h remain and it is not late.
        var rule = new OnTimeRule(WorkingCalendar.Default);
        var verdict = rule.Judge(new DossierBuilder("D1")
            .Accepted(At(2025, 3, 3, 9), At(2025, 3, 5, 9))
            .Then(DossierStatus.InProcessing, At(2025, 3, 3, 10))
            .Then(DossierStatus.SupplementRequested, At(2025, 3, 4, 9))
            .Build(), EndOfMarch);

        Assert.Equal(DossierStanding.NotYetDue, verdict.Standing);
        Assert.Equal(TimeSpan.FromHours(24), rule.Calendar.WorkingTimeRemaining(EndOfMarch, verdict.DueAt!.Value));
    }

    [Fact]
    public void Judge_SupplementRequestedAfterDue_DoesNotMakeItOnTime()
    {
        var verdict = Rule.Judge(new DossierBuilder("D1")
            .Accepted(At(2025, 3, 3, 9), At(2025, 3, 4, 9))
            .Then(DossierStatus.InProcessing, At(2025, 3, 3, 10))
            .Then(DossierStatus.SupplementRequested, At(2025, 3, 5, 10))
            .Then(DossierStatus.InProcessing, At(2025, 3, 7, 10))
            .Then(DossierStatus.Processed, At(2025, 3, 7, 12))
            .Build(), EndOfMarch);

        Assert.Equal(DossierStanding.EndedLate, verdict.Standing);
        Assert.Equal(At(2025, 3, 4, 9), verdict.DueAt);
    }

    [Theory]
    [InlineData(9, DossierStanding.EndedOnTime)]
    [InlineData(11, DossierStanding.EndedLate)]
    public void Judge_NoAppointment_UsesLegalLimitInWorkingDays(int processedHour, DossierStanding expected)
    {
        // P3 allows 3 working days. Accepted Mon 28 Apr 2025 10:00: Mon (14 h), Tue 29 (24 h), then
        // 30/4-4/5 off, Mon 5 May (24 h), Tue 6 May 10:00 completes the 72 h.
        var verdict = Rule.Judge(new DossierBuilder("D1", procedure: "P3")
            .Accepted(At(2025, 4, 28, 10))
            .Then(DossierStatus.Processed, At(2025, 5, 6, processedHour))
            .Build(), At(2025, 6, 1));

        Assert.Equal(At(2025, 5, 6, 10), verdict.DueAt);
        Assert.Equal(expected, verdict.Standing);
    }

    [Fact]
    public void Judge_NoAppointmentNorLimit_HasNoDueTimeAndIsNotLate()
    {
        var verdict = Rule.Judge(new DossierBuilder("D1", procedure: "unknown").Accepted(At(2025, 3, 3, 9)).Build(), EndOfMarch);

        Assert.Null(verdict.DueAt);
        Assert.Equal(DossierStanding.NotYetDue, verdict.Standing);
    }

    [Fact]
    public void Judge_UnfinishedAtPeriodEnd_IsLateOncePastDue()
    {
        var dossier = new DossierBuilder("D1")
            .Accepted(At(2025, 3, 3, 9), At(2025, 3, 5, 17))
            .Then(DossierStatus.InProcessing, At(2025, 3, 3, 10))
            .Build();

        Assert.Equal(DossierStanding.Late, Rule.Judge(dossier, EndOfMarch).Standing);
        Assert.Equal(DossierStanding.NotYetDue, Rule.Judge(dossier, At(2025, 3, 3, 12)).Standing);
    }

    [Fact]
    public void Judge_LessThanOneWorkingDayLeft_IsNearlyDue()
    {
        // Allowed 56 h (20% = 11.2 h), so the one-day window (24 h) is the longer one.
        // Tue 18:00 -> Wed 17:00 leaves 6 h + 17 h = 23 h.
        var dossier = new DossierBuilder("D1")
            .Accepted(At(2025, 3, 3, 9), At(2025, 3, 5, 17))
            .Build();

        Assert.Equal(DossierStanding.NearlyDue, Rule.Judge(dossier, At(2025, 3, 4, 18)).Standing);
        Assert.Equal(DossierStanding.NotYetDue, Rule.Judge(dossier, At(2025, 3, 4, 16)).Standing);
        var noDayWindow = new OnTimeRule(WorkingCalendar.Default, new DeadlineOptions { NearlyDueWorkingDays = 0 });
        Assert.Equal(DossierStanding.NotYetDue, noDayWindow.Judge(dossier, At(2025, 3, 4, 18)).Standing);
    }

    [Fact]
    public void Judge_InLastFifthOfLongAllowance_IsNearlyDue()
    {
        // Ten working days (240 h): the 20% window is 48 h, longer than one day.
        // Thu 13 Mar 10:00 -> Mon 17 Mar 09:00 leaves 14 + 24 + 9 = 47 h; at 08:00 it leaves 49 h.
        var dossier = new DossierBuilder("D1")
            .Accepted(At(2025, 3, 3, 9), At(2025, 3, 17, 9))
            .Build();

        Assert.Equal(DossierStanding.NearlyDue, Rule.Judge(dossier, At(2025, 3, 13, 10)).Standing);
        Assert.Equal(DossierStanding.NotYetDue, Rule.Judge(dossier, At(2025, 3, 13, 8)).Standing);
        var noShareWindow = new OnTimeRule(WorkingCalendar.Default, new DeadlineOptions { NearlyDueShareOfAllowedTime = 0 });
        Assert.Equal(DossierStanding.NotYetDue, noShareWindow.Judge(dossier, At(2025, 3, 13, 10)).Standing);
    }

    [Fact]
    public void Judge_OnlySubmittedOnline_IsNotReceived() =>
        Assert.Equal(DossierStanding.NotReceived, Rule.Judge(new DossierBuilder("D1", channel: SubmissionChannel.Online)
            .Then(DossierStatus.SubmittedOnline, At(2025, 3, 3, 9))
            .Build(), EndOfMarch).Standing);

    [Fact]
    public void Judge_WithdrawnWhileWaitingForPapers_EndsAtWithdrawal()
    {
        var verdict = Rule.Judge(new DossierBuilder("D1")
            .Accepted(At(2025, 3, 3, 9), At(2025, 3, 5, 17))
            .Then(DossierStatus.InProcessing, At(2025, 3, 3, 10))
            .Then(DossierStatus.SupplementRequested, At(2025, 3, 4, 9))
            .Then(DossierStatus.Withdrawn, At(2025, 3, 10, 9))
            .Build(), EndOfMarch);

        Assert.Equal(DossierStanding.EndedOnTime, verdict.Standing);
        Assert.Equal(At(2025, 3, 10, 9), verdict.EndedAt);
    }
}
