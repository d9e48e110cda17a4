using System.Text.Json;
using OpsCenter.Domain.Explanations;

namespace OpsCenter.Contracts.Explanations;

/// <summary>
/// The one mapping between the log's explanation events and the Domain's changes, and from the
/// Domain's fold to the pages' views (as <c>DossierEvents.ToDomain</c> is for dossiers).
/// </summary>
public static class ExplanationWire
{
    /// <summary>Reads a stored payload of an <c>explanation.*</c> kind; throws on an unknown kind or a bad payload.</summary>
    public static object Read(string kind, string json)
    {
        var type = ExplanationKinds.PayloadType(kind) ?? throw new ArgumentException($"Not an explanation event kind: '{kind}'.", nameof(kind));
        return JsonSerializer.Deserialize(json, type, WireJson.Options) ?? throw new JsonException($"Empty {kind} payload.");
    }

    /// <summary>The event kind and payload to append for a change.</summary>
    public static (string Kind, object Payload) ToEvent(ExplanationChange change) => change switch
    {
        ExplanationRequested r => (ExplanationKinds.Requested, new ExplanationRequestedEvent(r.Id, r.Unit, Subject(r.Subject), r.Question, Person(r.AskedBy), r.Days, r.Due, r.At)),
        ExplanationAnswered a => (ExplanationKinds.Answered, new ExplanationAnsweredEvent(a.Id, a.Text, Person(a.By), a.At)),
        ExplanationAccepted a => (ExplanationKinds.Accepted, new ExplanationAcceptedEvent(a.Id, Person(a.By), a.At, a.Note)),
        ExplanationReopened r => (ExplanationKinds.Reopened, new ExplanationReopenedEvent(r.Id, r.Note, Person(r.By), r.At, r.Due)),
        ExplanationExtended e => (ExplanationKinds.Extended, new ExplanationExtendedEvent(e.Id, e.Due, Person(e.By), e.At, e.Note)),
        ExplanationOverdue o => (ExplanationKinds.Overdue, new ExplanationOverdueEvent(o.Id, o.Due, o.At)),
        ExplanationWithdrawn w => (ExplanationKinds.Withdrawn, new ExplanationWithdrawnEvent(w.Id, Person(w.By), w.At, w.Note)),
        _ => throw new ArgumentException($"Unknown change {change.GetType().Name}.", nameof(change)),
    };

    /// <summary>The Domain's change for a payload read from the log.</summary>
    public static ExplanationChange ToDomain(object payload) => payload switch
    {
        ExplanationRequestedEvent r => new ExplanationRequested(r.Id, r.At, r.Unit, Subject(r.Subject), r.Question, Actor(r.AskedBy), r.Days, r.Due),
        ExplanationAnsweredEvent a => new ExplanationAnswered(a.Id, a.At, Actor(a.By), a.Text),
        ExplanationAcceptedEvent a => new ExplanationAccepted(a.Id, a.At, Actor(a.By), a.Note),
        ExplanationReopenedEvent r => new ExplanationReopened(r.Id, r.At, Actor(r.By), r.Note, r.Due),
        ExplanationExtendedEvent e => new ExplanationExtended(e.Id, e.At, Actor(e.By), e.Due, e.Note),
        ExplanationOverdueEvent o => new ExplanationOverdue(o.Id, o.At, o.Due),
        ExplanationWithdrawnEvent w => new ExplanationWithdrawn(w.Id, w.At, Actor(w.By), w.Note),
        _ => throw new ArgumentException($"Not an explanation event: {payload.GetType().Name}.", nameof(payload)),
    };

    /// <summary>A request as pages show it at <paramref name="now"/>.</summary>
    public static ExplanationView ToView(Explanation e, DateTimeOffset now) => new(
        e.Id, e.Unit, Subject(e.Subject), e.Question, Person(e.AskedBy), e.RequestedAt, e.Days, e.Due,
        Status(e.State), e.IsOverdue(now), e.Round, e.Answer, PersonOrNull(e.AnsweredBy), e.AnsweredAt,
        PersonOrNull(e.ClosedBy), e.ClosedAt, [.. e.Timeline.Select(Entry)]);

    /// <summary>Per unit (by code), the requests not yet closed, for the briefing; units with none are left out.</summary>
    public static IReadOnlyList<ExplanationUnitSummary> Summaries(IEnumerable<Explanation> explanations, DateTimeOffset now) =>
        [.. explanations
            .Where(e => !e.IsClosed)
            .GroupBy(e => e.Unit, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var items = g.OrderByDescending(e => e.IsOverdue(now)).ThenBy(e => e.Due).ThenBy(e => e.Id, StringComparer.Ordinal)
                    .Select(e => ToView(e, now)).ToList();
                return new ExplanationUnitSummary(g.Key,
                    items.Count(v => v.State == ExplanationStatus.Open && !v.Overdue),
                    items.Count(v => v.State == ExplanationStatus.Answered),
                    items.Count(v => v.Overdue),
                    items);
            })];

    public static ExplanationStatus Status(ExplanationState state) => state switch
    {
        ExplanationState.Open => ExplanationStatus.Open,
        ExplanationState.Answered => ExplanationStatus.Answered,
        ExplanationState.Accepted => ExplanationStatus.Accepted,
        ExplanationState.Withdrawn => ExplanationStatus.Withdrawn,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    private static ExplanationTimelineEntry Entry(ExplanationChange change) => change switch
    {
        ExplanationRequested r => new(r.At, ExplanationKinds.Requested, Person(r.AskedBy), r.Question, r.Due),
        ExplanationAnswered a => new(a.At, ExplanationKinds.Answered, Person(a.By), a.Text, null),
        ExplanationAccepted a => new(a.At, ExplanationKinds.Accepted, Person(a.By), a.Note, null),
        ExplanationReopened r => new(r.At, ExplanationKinds.Reopened, Person(r.By), r.Note, r.Due),
        ExplanationExtended e => new(e.At, ExplanationKinds.Extended, Person(e.By), e.Note, e.Due),
        ExplanationOverdue o => new(o.At, ExplanationKinds.Overdue, null, null, o.Due),
        ExplanationWithdrawn w => new(w.At, ExplanationKinds.Withdrawn, Person(w.By), w.Note, null),
        _ => throw new ArgumentException($"Unknown change {change.GetType().Name}.", nameof(change)),
    };

    private static ExplanationSubjectRef Subject(ExplanationSubject s) => new(s.Kind, s.Code, s.Period, s.Value);

    private static ExplanationSubject Subject(ExplanationSubjectRef s) => new(s.Kind, s.Code, s.Period, s.Value);

    private static ExplanationPerson Person(ExplanationActor a) => new(a.Username, a.DisplayName, a.Role, a.Unit);

    private static ExplanationPerson? PersonOrNull(ExplanationActor? a) => a is null ? null : Person(a);

    private static ExplanationActor Actor(ExplanationPerson p) => new(p.Username, p.DisplayName, p.Role, p.Unit);
}
