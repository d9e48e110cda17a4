using OpsCenter.Domain.Calendar;
using OpsCenter.Domain.Dossiers;
using static OpsCenter.Domain.Tests.Calendar.Local;

namespace OpsCenter.Domain.Tests.Dossiers;

// March 2025 has no holidays; Sat 8 and Sun 9 are the weekend.
public class NextChangeTests
{
    private static readonly OnTimeRule Rule = new(WorkingCalendar.Default);

    [Fact]
    public void SubtractWorkingTime_AcrossWeekend_SkipsDaysOff()
    {
        var start = WorkingCalendar.Default.SubtractWorkingTime(At(2025, 3, 10, 9), TimeSpan.FromDays(1));

        Assert.Equal(At(2025, 3, 7, 9), start);
        Assert.Equal(TimeSpan.FromDays(1), WorkingCalendar.Default.WorkingTimeBetween(start, At(2025, 3, 10, 9)));
    }

    [Fact]
    public void NextChangeAt_NotYetDue_IsWhenItTurnsNearlyDueThenLate()
    {
        var dossier = new DossierBuilder("D1").Accepted(At(2025, 3, 5, 9), At(2025, 3, 10, 9)).Build();

        var nearly = Rule.NextChangeAt(dossier, At(2025, 3, 5, 10));
        var late = Rule.NextChangeAt(dossier, nearly!.Value);

        Assert.Equal(At(2025, 3, 7, 9).AddTicks(1), nearly);
        Assert.Equal(DossierStanding.NotYetDue, Rule.Judge(dossier, nearly.Value.AddTicks(-1)).Standing);
        Assert.Equal(DossierStanding.NearlyDue, Rule.Judge(dossier, nearly.Value).Standing);
        Assert.Equal(At(2025, 3, 10, 9).AddTicks(1), late);
        Assert.Equal(DossierStanding.NearlyDue, Rule.Judge(dossier, late!.Value.AddTicks(-1)).Standing);
        Assert.Equal(DossierStanding.Late, Rule.Judge(dossier, late.Value).Standing);
        Assert.Null(Rule.NextChangeAt(dossier, late.Value));
    }

    [Fact]
    public void NextChangeAt_EndedOrWaitingForSupplement_IsNull()
    {
        var ended = new DossierBuilder("D1").Accepted(At(2025, 3, 5, 9), At(2025, 3, 10, 9))
            .Then(DossierStatus.Processed, At(2025, 3, 6, 9)).Build();
        var waiting = new DossierBuilder("D2").Accepted(At(2025, 3, 5, 9), At(2025, 3, 10, 9))
            .Then(DossierStatus.InProcessing, At(2025, 3, 5, 10))
            .Then(DossierStatus.SupplementRequested, At(2025, 3, 6, 9)).Build();

        Assert.Null(Rule.NextChangeAt(ended, At(2025, 3, 6, 10)));
        Assert.Null(Rule.NextChangeAt(waiting, At(2025, 3, 6, 10)));
    }

    [Fact]
    public void Judge_DossierCarriesItsLegalLimit_UsesItWithoutAppointment()
    {
        var dossier = Dossier.Fold([new DossierEvent("D1", "P9", "U1", SubmissionChannel.Online, DossierStatus.Accepted,
            At(2025, 3, 3, 9), LegalLimit: new LegalTimeLimit(2))]);

        var verdict = Rule.Judge(dossier, At(2025, 3, 4, 9, 1));

        Assert.Equal(At(2025, 3, 5, 9), verdict.DueAt);
        Assert.Equal(DossierStanding.NearlyDue, verdict.Standing);
    }
}
