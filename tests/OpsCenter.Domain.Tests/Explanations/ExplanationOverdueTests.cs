using OpsCenter.Domain.Explanations;
using static OpsCenter.Domain.Tests.Explanations.ExplanationScenario;

namespace OpsCenter.Domain.Tests.Explanations;

public class ExplanationOverdueTests
{
    private static readonly ExplanationRules R = Rules;

    [Fact]
    public void IsOverdue_AtTheDueInstant_IsNot_OneTickLater_Is()
    {
        var x = ExplanationLog.Asked(Thu0900, days: 3).Current;
        var due = Closing(2026, 12, 8);

        Assert.Equal(due, x.Due);
        Assert.False(x.IsOverdue(due));
        Assert.True(x.IsOverdue(due.AddTicks(1)));
        Assert.False(x.IsOverdue(due.ToUniversalTime())); // the same instant in UTC
        Assert.Empty(ExplanationRules.Overdue([x], due));
        Assert.Single(ExplanationRules.Overdue([x], due.AddTicks(1)));
    }

    [Fact]
    public void IsOverdue_OverAWeekend_NotBeforeMondayClosing()
    {
        var x = ExplanationLog.Asked(At(2026, 12, 4, 15, 0), days: 1).Current; // Fri: due Mon 7 Dec 17:00

        Assert.False(x.IsOverdue(At(2026, 12, 5, 12, 0)));
        Assert.False(x.IsOverdue(At(2026, 12, 7, 16, 59)));
        Assert.True(x.IsOverdue(At(2026, 12, 7, 17, 1)));
    }

    [Fact]
    public void IsOverdue_OverTet_NotDuringTheHolidays()
    {
        var x = ExplanationLog.Asked(At(2026, 2, 12, 9, 0), days: 2).Current; // Thu 12 Feb: Fri 13, then Mon 23 Feb

        Assert.Equal(Closing(2026, 2, 23), x.Due);
        Assert.Empty(ExplanationRules.Overdue([x], At(2026, 2, 20, 12, 0)));
        Assert.Single(ExplanationRules.Overdue([x], At(2026, 2, 23, 17, 0).AddTicks(1)));
    }

    [Fact]
    public void IsOverdue_Answered_IsNot()
    {
        var log = ExplanationLog.Asked(Thu0900, days: 1);
        log.Do<ExplanationAnswered>(x => R.Answer(x, WardPerson, "Trả lời.", At(2026, 12, 4, 16, 0)));

        Assert.False(log.Current.IsOverdue(At(2026, 12, 31, 0, 0)));
        Assert.Empty(ExplanationRules.Overdue([log.Current], At(2026, 12, 31, 0, 0)));
    }

    [Fact]
    public void Overdue_OncePerRequestAndDueTime()
    {
        var log = ExplanationLog.Asked(Thu0900, days: 1); // due Fri 4 Dec 17:00
        var now = At(2026, 12, 4, 17, 0).AddTicks(1);

        var planned = Assert.Single(ExplanationRules.Overdue([log.Current], now));
        Assert.Equal(new ExplanationOverdue("ex-1", now, Closing(2026, 12, 4)), planned);
        log.Do<ExplanationOverdue>(_ => ExplanationResult.Done(planned));
        Assert.Equal(Closing(2026, 12, 4), log.Current.OverdueFlaggedFor);

        // Ticks later: still overdue, not escalated again.
        Assert.True(log.Current.IsOverdue(now.AddHours(5)));
        Assert.Empty(ExplanationRules.Overdue([log.Current], now.AddHours(5)));

        // Extended: a new due time, escalated again once it passes.
        log.Do<ExplanationExtended>(x => R.Extend(x, Asker, new DateOnly(2026, 12, 8), null, At(2026, 12, 7, 9, 0)));
        Assert.False(log.Current.IsOverdue(At(2026, 12, 8, 17, 0)));
        Assert.Empty(ExplanationRules.Overdue([log.Current], At(2026, 12, 8, 17, 0)));
        var again = Assert.Single(ExplanationRules.Overdue([log.Current], At(2026, 12, 8, 17, 1)));
        Assert.Equal(Closing(2026, 12, 8), again.Due);
        log.Do<ExplanationOverdue>(_ => ExplanationResult.Done(again));
        Assert.Empty(ExplanationRules.Overdue([log.Current], At(2026, 12, 9, 9, 0)));

        Assert.Equal(log.Current, Explanation.Fold(log.Changes));
    }

    [Fact]
    public void Overdue_WholeRoundTrip_WithReopenAndEscalation()
    {
        var log = ExplanationLog.Asked(Thu0900, days: 1); // due Fri 4 Dec 17:00
        log.Do<ExplanationOverdue>(x => ExplanationResult.Done(Assert.Single(ExplanationRules.Overdue([x], At(2026, 12, 4, 17, 30)))));
        log.Do<ExplanationAnswered>(x => R.Answer(x, WardPerson, "Trả lời muộn.", At(2026, 12, 7, 9, 0)));
        Assert.Empty(ExplanationRules.Overdue([log.Current], At(2026, 12, 7, 9, 0)));

        // Reopened with 1 more working day: due Tue 8 Dec 17:00, escalated again after it.
        log.Do<ExplanationReopened>(x => R.Reopen(x, Asker, "Chưa nêu nguyên nhân.", 1, At(2026, 12, 7, 10, 0)));
        Assert.Empty(ExplanationRules.Overdue([log.Current], At(2026, 12, 8, 17, 0)));
        log.Do<ExplanationOverdue>(x => ExplanationResult.Done(Assert.Single(ExplanationRules.Overdue([x], At(2026, 12, 8, 17, 0).AddTicks(1)))));
        log.Do<ExplanationAnswered>(x => R.Answer(x, WardPerson, "Nguyên nhân: mất điện.", At(2026, 12, 9, 8, 0)));
        log.Do<ExplanationAccepted>(x => R.Accept(x, Asker, null, At(2026, 12, 9, 9, 0)));

        Assert.Equal(ExplanationState.Accepted, log.Current.State);
        Assert.Equal(2, log.Current.Round);
        Assert.Equal(7, log.Current.Timeline.Count);
        Assert.Equal(log.Current, Explanation.Fold(log.Changes));
    }

    [Fact]
    public void Overdue_ClosedRequests_AreNeverPlanned()
    {
        var withdrawn = ExplanationLog.Asked(Thu0900, days: 1);
        withdrawn.Do<ExplanationWithdrawn>(x => R.Withdraw(x, Asker, null, Thu0900.AddHours(1)));

        Assert.Empty(ExplanationRules.Overdue([withdrawn.Current], At(2026, 12, 31, 0, 0)));
    }

    [Fact]
    public void Apply_StaleOrDuplicateChanges_AreIgnored()
    {
        var log = ExplanationLog.Asked(Thu0900, days: 1); // due Fri 4 Dec
        var x = log.Current;

        // An overdue for another due time (written before an extension the reader saw first).
        Assert.Same(x, x.Apply(new ExplanationOverdue("ex-1", At(2026, 12, 8, 0, 0), Closing(2026, 12, 3))));
        // An earlier "extension", an accept of an open request.
        Assert.Same(x, x.Apply(new ExplanationExtended("ex-1", Thu0900, Asker, Closing(2026, 12, 4).AddHours(-1))));
        Assert.Same(x, x.Apply(new ExplanationAccepted("ex-1", Thu0900, Asker)));
        // A second answer (two people racing) is not applied.
        var answered = x.Apply(new ExplanationAnswered("ex-1", Thu0900.AddHours(1), WardPerson, "Một."));
        Assert.Same(answered, answered.Apply(new ExplanationAnswered("ex-1", Thu0900.AddHours(1), UnitAdmin, "Hai.")));
        Assert.Equal("Một.", answered.Answer);
        // Another request's change is a bug, not a stale change.
        Assert.Throws<ArgumentException>(() => x.Apply(new ExplanationAccepted("ex-2", Thu0900, Asker)));
    }

    [Fact]
    public void Fold_WithoutTheRequestFirst_Throws()
    {
        Assert.Throws<ArgumentException>(() => Explanation.Fold([]));
        Assert.Throws<ArgumentException>(() => Explanation.Fold([new ExplanationAnswered("ex-1", Thu0900, WardPerson, "Trả lời.")]));
    }
}
