using OpsCenter.Domain.Explanations;
using static OpsCenter.Domain.Tests.Explanations.ExplanationScenario;

namespace OpsCenter.Domain.Tests.Explanations;

public class ExplanationRulesTests
{
    private static readonly ExplanationRules R = Rules;

    [Fact]
    public void RoundTrip_RequestAnswerReopenAnswerAccept_ClosesAccepted()
    {
        var log = ExplanationLog.Asked(Thu0900, days: 3);
        Assert.Equal(ExplanationState.Open, log.Current.State);
        Assert.Equal(Closing(2026, 12, 8), log.Current.Due);
        Assert.Equal(1, log.Current.Round);

        log.Do<ExplanationAnswered>(x => R.Answer(x, WardPerson, "Hệ thống một cửa mất kết nối 3 ngày.", At(2026, 12, 4, 10, 0)));
        Assert.Equal(ExplanationState.Answered, log.Current.State);
        Assert.Equal(WardPerson, log.Current.AnsweredBy);

        // A colleague of the asker's role reopens with a new limit of 2 working days from Mon 7 Dec.
        var reopened = log.Do<ExplanationReopened>(x => R.Reopen(x, Colleague, "Cần nêu rõ biện pháp khắc phục.", 2, At(2026, 12, 7, 8, 0)));
        Assert.Equal(Closing(2026, 12, 9), reopened.Due);
        Assert.Equal(ExplanationState.Open, log.Current.State);
        Assert.Equal(2, log.Current.Round);
        Assert.Equal(Closing(2026, 12, 9), log.Current.Due);
        Assert.Equal("Hệ thống một cửa mất kết nối 3 ngày.", log.Current.Answer); // the answer found wanting stays visible

        log.Do<ExplanationAnswered>(x => R.Answer(x, UnitAdmin, "Đã bổ sung máy chủ dự phòng từ 8/12.", At(2026, 12, 8, 15, 0)));
        log.Do<ExplanationAccepted>(x => R.Accept(x, Asker, "Đồng ý.", At(2026, 12, 8, 16, 0)));

        var done = log.Current;
        Assert.Equal(ExplanationState.Accepted, done.State);
        Assert.True(done.IsClosed);
        Assert.Equal(Asker, done.ClosedBy);
        Assert.Equal(At(2026, 12, 8, 16, 0), done.ClosedAt);
        Assert.Equal("Đã bổ sung máy chủ dự phòng từ 8/12.", done.Answer);
        Assert.Equal(UnitAdmin, done.AnsweredBy);
        Assert.Equal(5, done.Timeline.Count);
        Assert.False(done.IsOverdue(At(2027, 1, 1, 0, 0)));
        Assert.Equal(done, Explanation.Fold(log.Changes));
    }

    [Fact]
    public void RoundTrip_ReopenWithoutDays_KeepsTheDueAndIsOverdueOnceItHasPassed()
    {
        var log = ExplanationLog.Asked(Thu0900, days: 1); // due Fri 4 Dec 17:00
        log.Do<ExplanationAnswered>(x => R.Answer(x, WardPerson, "Trả lời.", At(2026, 12, 4, 16, 0)));
        var reopened = log.Do<ExplanationReopened>(x => R.Reopen(x, Asker, "Chưa đủ.", null, At(2026, 12, 7, 9, 0)));

        Assert.Null(reopened.Due);
        Assert.Equal(Closing(2026, 12, 4), log.Current.Due);
        Assert.True(log.Current.IsOverdue(At(2026, 12, 7, 9, 0)));
    }

    [Fact]
    public void Request_Valid_KeepsWhatWasAsked()
    {
        var requested = Ok<ExplanationRequested>(R.Request("ex-9", CityAdmin, " 26734 ", OnTimeRate, "  Giải trình tỷ lệ trễ hạn.  ", 5, Thu0900));

        Assert.Equal("26734", requested.Unit);
        Assert.Equal("Giải trình tỷ lệ trễ hạn.", requested.Question);
        Assert.Equal(CityAdmin, requested.AskedBy);
        Assert.Equal(5, requested.Days);
        Assert.Equal(Closing(2026, 12, 10), requested.Due);
        Assert.Equal(Thu0900, requested.At);
    }

    [Theory]
    [InlineData(ExplanationSubject.Kpi, "onTimeRate", "2026-11", 0.82)]
    [InlineData(ExplanationSubject.Index, "qd766/g3", "2026-W47", 15.01)]
    [InlineData(ExplanationSubject.Alert, "late-above|26734|2026-12-03T02:00:00Z", null, null)]
    public void Request_EachSubjectKind_IsAccepted(string kind, string code, string? period, double? value) =>
        Ok<ExplanationRequested>(R.Request("ex-1", Asker, Ward, new ExplanationSubject(kind, code, period, value), "Vì sao?", 3, Thu0900));

    [Fact]
    public void Extend_OpenRequest_MovesTheDueAndKeepsItOpen()
    {
        var log = ExplanationLog.Asked(Thu0900, days: 3); // due Tue 8 Dec
        var extended = log.Do<ExplanationExtended>(x => R.Extend(x, Asker, new DateOnly(2026, 12, 11), "Đơn vị xin thêm thời gian.", At(2026, 12, 7, 10, 0)));

        Assert.Equal(Closing(2026, 12, 11), extended.Due);
        Assert.Equal(Closing(2026, 12, 11), log.Current.Due);
        Assert.Equal(ExplanationState.Open, log.Current.State);
        Assert.False(log.Current.IsOverdue(At(2026, 12, 9, 9, 0)));
        Assert.Equal(log.Current, Explanation.Fold(log.Changes));
    }

    [Fact]
    public void Extend_AnOverdueRequest_ToALaterDay_IsAllowed()
    {
        var log = ExplanationLog.Asked(Thu0900, days: 1); // due Fri 4 Dec
        log.Do<ExplanationExtended>(x => R.Extend(x, Colleague, new DateOnly(2026, 12, 9), null, At(2026, 12, 7, 10, 0)));

        Assert.False(log.Current.IsOverdue(At(2026, 12, 7, 10, 0)));
    }

    [Theory]
    [InlineData(2026, 12, 2, "dueNotLater")]   // before now
    [InlineData(2026, 12, 3, "dueNotLater")]   // today at 17:00 is later than now but earlier than the current due
    [InlineData(2026, 12, 8, "dueNotLater")]   // the current due itself
    [InlineData(2026, 12, 12, "dueNotWorkingDay")] // a Saturday
    [InlineData(2027, 1, 1, "dueNotWorkingDay")]  // New Year
    [InlineData(2027, 1, 18, "dueTooFar")]     // beyond 30 working days from now (Fri 15 Jan)
    public void Extend_BadDate_IsRefused(int y, int m, int d, string code)
    {
        var log = ExplanationLog.Asked(Thu0900, days: 3);

        Refused(R.Extend(log.Current, Asker, new DateOnly(y, m, d), null, Thu0900.AddHours(1)), code, RefusalKind.Invalid);
    }

    [Fact]
    public void Extend_ToTheLastAllowedDay_IsAllowed()
    {
        var log = ExplanationLog.Asked(Thu0900, days: 3);

        Ok<ExplanationExtended>(R.Extend(log.Current, Asker, new DateOnly(2027, 1, 15), null, Thu0900.AddHours(1)));
    }

    [Fact]
    public void Extend_AfterTheCurrentDueButBeforeNow_IsRefused()
    {
        var log = ExplanationLog.Asked(Thu0900, days: 1); // due Fri 4 Dec 17:00

        // On Wed 9 Dec, extending to Tue 8 Dec is later than the due but in the past.
        Refused(R.Extend(log.Current, Asker, new DateOnly(2026, 12, 8), null, At(2026, 12, 9, 9, 0)), "dueNotLater", RefusalKind.Invalid);
    }

    [Fact]
    public void Withdraw_OpenOrAnswered_Closes()
    {
        var open = ExplanationLog.Asked(Thu0900);
        open.Do<ExplanationWithdrawn>(x => R.Withdraw(x, Asker, "Đã trao đổi trực tiếp.", Thu0900.AddHours(2)));
        Assert.Equal(ExplanationState.Withdrawn, open.Current.State);
        Assert.True(open.Current.IsClosed);
        Assert.False(open.Current.IsOverdue(At(2027, 1, 1, 0, 0)));

        var answered = ExplanationLog.Asked(Thu0900);
        answered.Do<ExplanationAnswered>(x => R.Answer(x, WardPerson, "Trả lời.", Thu0900.AddHours(1)));
        answered.Do<ExplanationWithdrawn>(x => R.Withdraw(x, Colleague, null, Thu0900.AddHours(2)));
        Assert.Equal(ExplanationState.Withdrawn, answered.Current.State);
        Assert.Equal(Colleague, answered.Current.ClosedBy);
        Assert.Equal(answered.Current, Explanation.Fold(answered.Changes));
    }

    [Fact]
    public void Answer_AfterTheDue_IsAcceptedLate()
    {
        var log = ExplanationLog.Asked(Thu0900, days: 1);
        log.Do<ExplanationAnswered>(x => R.Answer(x, WardPerson, "Trả lời muộn.", At(2026, 12, 9, 9, 0)));

        Assert.Equal(ExplanationState.Answered, log.Current.State);
        Assert.False(log.Current.IsOverdue(At(2026, 12, 9, 9, 0)));
    }

    public static TheoryData<string> NotAllowedToAsk => ["operator", "department", "device", "stranger"];

    [Theory]
    [MemberData(nameof(NotAllowedToAsk))]
    public void Request_ByAPersonWhoMayNotAsk_IsForbidden(string role) =>
        Refused(R.Request("ex-1", Asker with { Role = role, Unit = role == "department" ? Ward : null }, Ward, OnTimeRate, "Vì sao?", 3, Thu0900),
            "notAllowedToAsk", RefusalKind.Forbidden);

    [Fact]
    public void Answer_ByWrongPeople_IsForbidden()
    {
        var x = ExplanationLog.Asked(Thu0900).Current;
        foreach (var who in new[] { OtherWardPerson, Asker, CityAdmin, Operator, WardPerson with { Role = "operator" }, UnitAdmin with { Unit = OtherWard } })
        {
            Refused(R.Answer(x, who, "Trả lời.", Thu0900.AddHours(1)), "notTheUnit", RefusalKind.Forbidden);
        }
    }

    [Fact]
    public void Decisions_ByWrongPeople_AreForbidden()
    {
        var log = ExplanationLog.Asked(Thu0900);
        log.Do<ExplanationAnswered>(x => R.Answer(x, WardPerson, "Trả lời.", Thu0900.AddHours(1)));
        var x = log.Current;
        var now = Thu0900.AddHours(2);
        // The asker is a briefing person: an admin is of another role; the unit's people and operators never decide.
        foreach (var who in new[] { WardPerson, UnitAdmin, CityAdmin, Operator, OtherWardPerson })
        {
            Refused(R.Accept(x, who, null, now), "notTheAsker", RefusalKind.Forbidden);
            Refused(R.Reopen(x, who, "Chưa đủ.", null, now), "notTheAsker", RefusalKind.Forbidden);
            Refused(R.Withdraw(x, who, null, now), "notTheAsker", RefusalKind.Forbidden);
            Refused(R.Extend(x, who, new DateOnly(2026, 12, 10), null, now), "notTheAsker", RefusalKind.Forbidden);
        }
    }

    [Fact]
    public void Decisions_OnARequestAskedByAnAdmin_AreForOtherAdminsToo()
    {
        var log = new ExplanationLog(R.Request("ex-2", CityAdmin, Ward, OnTimeRate, "Vì sao?", 3, Thu0900));
        var otherAdmin = CityAdmin with { Username = "admin.khoa", DisplayName = "Khoa" };

        Ok<ExplanationExtended>(R.Extend(log.Current, otherAdmin, new DateOnly(2026, 12, 10), null, Thu0900.AddHours(1)));
        Refused(R.Extend(log.Current, Asker, new DateOnly(2026, 12, 10), null, Thu0900.AddHours(1)), "notTheAsker", RefusalKind.Forbidden);
    }

    [Fact]
    public void AcceptOrReopen_AnOpenRequest_IsAConflict()
    {
        var x = ExplanationLog.Asked(Thu0900).Current;

        Refused(R.Accept(x, Asker, null, Thu0900.AddHours(1)), "notAnswered", RefusalKind.Conflict);
        Refused(R.Reopen(x, Asker, "Chưa đủ.", 2, Thu0900.AddHours(1)), "notAnswered", RefusalKind.Conflict);
    }

    [Fact]
    public void AnswerOrExtend_AnAnsweredRequest_IsAConflict()
    {
        var log = ExplanationLog.Asked(Thu0900);
        log.Do<ExplanationAnswered>(x => R.Answer(x, WardPerson, "Trả lời.", Thu0900.AddHours(1)));

        Refused(R.Answer(log.Current, WardPerson, "Trả lời lần hai.", Thu0900.AddHours(2)), "alreadyAnswered", RefusalKind.Conflict);
        Refused(R.Extend(log.Current, Asker, new DateOnly(2026, 12, 10), null, Thu0900.AddHours(2)), "notOpen", RefusalKind.Conflict);
    }

    [Fact]
    public void EverythingOnAClosedRequest_IsAConflict()
    {
        var accepted = ExplanationLog.Asked(Thu0900);
        accepted.Do<ExplanationAnswered>(x => R.Answer(x, WardPerson, "Trả lời.", Thu0900.AddHours(1)));
        accepted.Do<ExplanationAccepted>(x => R.Accept(x, Asker, null, Thu0900.AddHours(2)));
        var withdrawn = ExplanationLog.Asked(Thu0900);
        withdrawn.Do<ExplanationWithdrawn>(x => R.Withdraw(x, Asker, null, Thu0900.AddHours(2)));
        var now = Thu0900.AddHours(3);

        foreach (var x in new[] { accepted.Current, withdrawn.Current })
        {
            Refused(R.Answer(x, WardPerson, "Trả lời.", now), "closed", RefusalKind.Conflict);
            Refused(R.Accept(x, Asker, null, now), "closed", RefusalKind.Conflict);
            Refused(R.Reopen(x, Asker, "Chưa đủ.", null, now), "closed", RefusalKind.Conflict);
            Refused(R.Extend(x, Asker, new DateOnly(2026, 12, 10), null, now), "closed", RefusalKind.Conflict);
            Refused(R.Withdraw(x, Asker, null, now), "closed", RefusalKind.Conflict);
        }
    }

    [Fact]
    public void Reopen_WithoutAReasonOrWithBadDays_IsInvalid()
    {
        var log = ExplanationLog.Asked(Thu0900);
        log.Do<ExplanationAnswered>(x => R.Answer(x, WardPerson, "Trả lời.", Thu0900.AddHours(1)));
        var now = Thu0900.AddHours(2);

        Refused(R.Reopen(log.Current, Asker, null, null, now), "textEmpty", RefusalKind.Invalid);
        Refused(R.Reopen(log.Current, Asker, "   ", null, now), "textEmpty", RefusalKind.Invalid);
        Refused(R.Reopen(log.Current, Asker, "Chưa đủ.", 0, now), "daysOutOfRange", RefusalKind.Invalid);
        Refused(R.Reopen(log.Current, Asker, "Chưa đủ.", 31, now), "daysOutOfRange", RefusalKind.Invalid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(-3)]
    public void Request_DaysOutOfRange_IsInvalid(int days)
    {
        var refused = R.Request("ex-1", Asker, Ward, OnTimeRate, "Vì sao?", days, Thu0900);

        Refused(refused, "daysOutOfRange", RefusalKind.Invalid);
        Assert.Equal("days", refused.Refusal!.Field);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(30)]
    public void Request_DaysAtTheLimits_IsAccepted(int days) =>
        Ok<ExplanationRequested>(R.Request("ex-1", Asker, Ward, OnTimeRate, "Vì sao?", days, Thu0900));

    [Fact]
    public void Request_BadUnitOrSubject_IsInvalid()
    {
        Refused(R.Request("ex-1", Asker, null, OnTimeRate, "Vì sao?", 3, Thu0900), "unitMissing", RefusalKind.Invalid);
        Refused(R.Request("ex-1", Asker, " ", OnTimeRate, "Vì sao?", 3, Thu0900), "unitMissing", RefusalKind.Invalid);
        Refused(R.Request("ex-1", Asker, Ward, null, "Vì sao?", 3, Thu0900), "subjectInvalid", RefusalKind.Invalid);
        Refused(R.Request("ex-1", Asker, Ward, OnTimeRate with { Kind = "gossip" }, "Vì sao?", 3, Thu0900), "subjectInvalid", RefusalKind.Invalid);
        Refused(R.Request("ex-1", Asker, Ward, OnTimeRate with { Code = "" }, "Vì sao?", 3, Thu0900), "subjectInvalid", RefusalKind.Invalid);
        Refused(R.Request("ex-1", Asker, Ward, OnTimeRate with { Value = double.NaN }, "Vì sao?", 3, Thu0900), "subjectInvalid", RefusalKind.Invalid);
    }

    [Fact]
    public void Request_BadQuestion_IsInvalidAndNamesTheField()
    {
        var refused = R.Request("ex-1", Asker, Ward, OnTimeRate, "\u200B \u200B", 3, Thu0900);

        Refused(refused, "textEmpty", RefusalKind.Invalid);
        Assert.Equal("question", refused.Refusal!.Field);
        Refused(R.Request("ex-1", Asker, Ward, OnTimeRate, new string('a', 2_001), 3, Thu0900), "textTooLong", RefusalKind.Invalid);
    }

    [Fact]
    public void Answer_TooLongOrInvisible_IsInvalid()
    {
        var x = ExplanationLog.Asked(Thu0900).Current;

        Ok<ExplanationAnswered>(R.Answer(x, WardPerson, new string('đ', 4_000), Thu0900.AddHours(1)));
        Refused(R.Answer(x, WardPerson, new string('đ', 4_001), Thu0900.AddHours(1)), "textTooLong", RefusalKind.Invalid);
        Refused(R.Answer(x, WardPerson, "\u3164\u3164", Thu0900.AddHours(1)), "textInvisible", RefusalKind.Invalid);
        Refused(R.Answer(x, WardPerson, "Xem \u202Etài liệu", Thu0900.AddHours(1)), "textBidi", RefusalKind.Invalid);
    }

    [Fact]
    public void Permissions_WrongPersonIsCheckedBeforeState()
    {
        // A person of another unit learns "not yours", not that the request is closed.
        var log = ExplanationLog.Asked(Thu0900);
        log.Do<ExplanationWithdrawn>(x => R.Withdraw(x, Asker, null, Thu0900.AddHours(1)));

        Refused(R.Answer(log.Current, OtherWardPerson, "Trả lời.", Thu0900.AddHours(2)), "notTheUnit", RefusalKind.Forbidden);
        Refused(R.Accept(log.Current, OtherWardPerson, null, Thu0900.AddHours(2)), "notTheAsker", RefusalKind.Forbidden);
    }
}
