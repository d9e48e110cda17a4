using System.Text.Json;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Explanations;
using OpsCenter.Domain.Explanations;
using static OpsCenter.Domain.Tests.Explanations.ExplanationScenario;

namespace OpsCenter.Domain.Tests.Explanations;

public class ExplanationWireTests
{
    private static readonly ExplanationRules R = Rules;

    /// <summary>Every kind of change, in one life: asked, overdue, answered, reopened, extended, answered, accepted; and a withdrawn one.</summary>
    private static ExplanationLog WholeLife()
    {
        var log = ExplanationLog.Asked(Thu0900, days: 1);
        log.Do<ExplanationOverdue>(x => ExplanationResult.Done(Assert.Single(ExplanationRules.Overdue([x], At(2026, 12, 4, 18, 0)))));
        log.Do<ExplanationAnswered>(x => R.Answer(x, WardPerson, "Dòng 1\nDòng 2", At(2026, 12, 7, 9, 0)));
        log.Do<ExplanationReopened>(x => R.Reopen(x, Colleague, "Chưa đủ.", 2, At(2026, 12, 7, 10, 0)));
        log.Do<ExplanationExtended>(x => R.Extend(x, Asker, new DateOnly(2026, 12, 11), "Gia hạn.", At(2026, 12, 8, 10, 0)));
        log.Do<ExplanationAnswered>(x => R.Answer(x, UnitAdmin, "Đã khắc phục.", At(2026, 12, 10, 10, 0)));
        log.Do<ExplanationAccepted>(x => R.Accept(x, Asker, null, At(2026, 12, 10, 11, 0)));
        return log;
    }

    [Fact]
    public void Events_JsonRoundTrip_WithWireJson_GiveTheSameChanges()
    {
        var withdrawn = ExplanationLog.Asked(Thu0900);
        withdrawn.Do<ExplanationWithdrawn>(x => R.Withdraw(x, Asker, "Rút.", Thu0900.AddHours(1)));
        var changes = WholeLife().Changes.Concat(withdrawn.Changes.Skip(1)).ToList();

        Assert.Equal(ExplanationKinds.All.ToHashSet(), changes.Select(c => ExplanationWire.ToEvent(c).Kind).ToHashSet());
        foreach (var change in changes)
        {
            var (kind, payload) = ExplanationWire.ToEvent(change);
            var json = JsonSerializer.Serialize(payload, payload.GetType(), WireJson.Options);
            var read = ExplanationWire.Read(kind, json);

            Assert.Equal(payload, read);
            Assert.Equal(change, ExplanationWire.ToDomain(read));
            Assert.True(ExplanationKinds.IsExplanation(kind));
        }
    }

    [Fact]
    public void RequestedEvent_Json_IsCamelCaseWithTheSubjectAndNoNulls()
    {
        var (_, payload) = ExplanationWire.ToEvent(ExplanationLog.Asked(Thu0900).Changes[0]);
        var json = JsonSerializer.Serialize(payload, payload.GetType(), WireJson.Options);

        Assert.Contains("\"subject\":{\"kind\":\"kpi\",\"code\":\"onTimeRate\",\"period\":\"2026-11\",\"value\":0.82}", json, StringComparison.Ordinal);
        Assert.Contains("\"askedBy\":{\"username\":\"vp.lan\",", json, StringComparison.Ordinal);
        Assert.Contains("\"due\":\"2026-12-08T17:00:00+07:00\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"unit\":null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownKindOrEmptyPayload_Throws()
    {
        Assert.Throws<ArgumentException>(() => ExplanationWire.Read("alert.fired", "{}"));
        Assert.Throws<JsonException>(() => ExplanationWire.Read(ExplanationKinds.Answered, "null"));
        Assert.Null(ExplanationKinds.PayloadType("explanation.unknown"));
    }

    [Fact]
    public void Fold_OfTheEventsReadBackFromJson_EqualsTheStateMachinesResult()
    {
        var log = WholeLife();
        var stored = log.Changes.Select(ExplanationWire.ToEvent)
            .Select(e => (e.Kind, Json: JsonSerializer.Serialize(e.Payload, e.Payload.GetType(), WireJson.Options)))
            .ToList();

        var folded = Explanation.Fold(stored.Select(e => ExplanationWire.ToDomain(ExplanationWire.Read(e.Kind, e.Json))));

        Assert.Equal(log.Current, folded);
        Assert.Equal(ExplanationState.Accepted, folded.State);
        Assert.Equal(Closing(2026, 12, 11), folded.Due);
        Assert.Equal(Closing(2026, 12, 4), folded.OverdueFlaggedFor);
        Assert.Equal(2, folded.Round);
    }

    [Fact]
    public void Bodies_Json_RoundTrip()
    {
        var request = new ExplanationRequestBody(Ward, new ExplanationSubjectRef("index", "qd766/g3", "2026-W47", 15.01), "Vì sao?", 5);
        var extend = new ExplanationExtendBody(new DateOnly(2026, 12, 10), "Gia hạn.");
        var decision = new ExplanationDecisionBody("Chưa đủ.", 2);
        var answer = new ExplanationAnswerBody("Trả lời.");

        Assert.Equal(request, RoundTrip(request));
        Assert.Equal(decision, RoundTrip(decision));
        Assert.Equal(answer, RoundTrip(answer));
        Assert.Equal(extend, RoundTrip(extend));
        Assert.Contains("\"due\":\"2026-12-10\"", JsonSerializer.Serialize(extend, WireJson.Options), StringComparison.Ordinal);
        Assert.Equal(new ExplanationDecisionBody(), JsonSerializer.Deserialize<ExplanationDecisionBody>("{}", WireJson.Options));
    }

    [Fact]
    public void ToView_ShowsStateOverdueAndTimeline()
    {
        var log = ExplanationLog.Asked(Thu0900, days: 1);
        log.Do<ExplanationOverdue>(x => ExplanationResult.Done(Assert.Single(ExplanationRules.Overdue([x], At(2026, 12, 4, 18, 0)))));

        var view = ExplanationWire.ToView(log.Current, At(2026, 12, 4, 18, 0));

        Assert.Equal(ExplanationStatus.Open, view.State);
        Assert.True(view.Overdue);
        Assert.Equal(Closing(2026, 12, 4), view.Due);
        Assert.Equal([ExplanationKinds.Requested, ExplanationKinds.Overdue], view.Timeline.Select(t => t.Kind));
        Assert.Equal("vp.lan", view.AskedBy.Username);
        Assert.Contains("\"state\":\"open\"", JsonSerializer.Serialize(view, WireJson.Options), StringComparison.Ordinal);
        Assert.False(ExplanationWire.ToView(log.Current, Closing(2026, 12, 4)).Overdue);
    }

    [Fact]
    public void Summaries_CountOpenAnsweredAndOverduePerUnit_WithoutClosed()
    {
        var now = At(2026, 12, 7, 9, 0);
        ExplanationLog Ask(string id, string unit, int days) =>
            new(R.Request(id, Asker, unit, OnTimeRate, "Vì sao?", days, Thu0900));
        var overdue = Ask("a-overdue", Ward, 1);          // due Fri 4 Dec: overdue on Monday
        var open = Ask("b-open", Ward, 5);                // due Thu 10 Dec
        var answered = Ask("c-answered", Ward, 1);
        answered.Do<ExplanationAnswered>(x => R.Answer(x, WardPerson, "Trả lời.", At(2026, 12, 4, 10, 0)));
        var accepted = Ask("d-accepted", Ward, 1);
        accepted.Do<ExplanationAnswered>(x => R.Answer(x, WardPerson, "Trả lời.", At(2026, 12, 4, 10, 0)));
        accepted.Do<ExplanationAccepted>(x => R.Accept(x, Asker, null, At(2026, 12, 4, 11, 0)));
        var other = Ask("e-other", OtherWard, 2);         // due Mon 7 Dec 17:00: open
        var withdrawn = Ask("f-withdrawn", "26740", 1);
        withdrawn.Do<ExplanationWithdrawn>(x => R.Withdraw(x, Asker, null, Thu0900.AddHours(1)));

        var summaries = ExplanationWire.Summaries(
            [open.Current, accepted.Current, other.Current, overdue.Current, answered.Current, withdrawn.Current], now);

        Assert.Equal([Ward, OtherWard], summaries.Select(s => s.Unit));
        var ward = summaries[0];
        Assert.Equal((1, 1, 1), (ward.Open, ward.Answered, ward.Overdue));
        Assert.Equal(["a-overdue", "c-answered", "b-open"], ward.Items.Select(i => i.Id));
        Assert.Equal((1, 0, 0), (summaries[1].Open, summaries[1].Answered, summaries[1].Overdue));
    }

    private static T RoundTrip<T>(T value) =>
        JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, WireJson.Options), WireJson.Options)!;
}
