namespace OpsCenter.Contracts.Explanations;

/// <summary>
/// The kinds of the explanation-request (yêu cầu giải trình) events in the log. Unlike alerts, an
/// event's log unit is the unit asked, so a unit's requests are read by unit. People's actions arrive
/// through the collector's API; the overdue escalation is written by whoever runs the planner.
/// </summary>
public static class ExplanationKinds
{
    public const string Requested = "explanation.requested";
    public const string Answered = "explanation.answered";
    public const string Accepted = "explanation.accepted";
    public const string Reopened = "explanation.reopened";
    public const string Extended = "explanation.extended";
    public const string Overdue = "explanation.overdue";
    public const string Withdrawn = "explanation.withdrawn";

    public static readonly IReadOnlyList<string> All = [Requested, Answered, Accepted, Reopened, Extended, Overdue, Withdrawn];

    public static bool IsExplanation(string kind) => kind.StartsWith("explanation.", StringComparison.Ordinal);

    /// <summary>The payload record of a kind, or null for a kind this version does not know.</summary>
    public static Type? PayloadType(string kind) => kind switch
    {
        Requested => typeof(ExplanationRequestedEvent),
        Answered => typeof(ExplanationAnsweredEvent),
        Accepted => typeof(ExplanationAcceptedEvent),
        Reopened => typeof(ExplanationReopenedEvent),
        Extended => typeof(ExplanationExtendedEvent),
        Overdue => typeof(ExplanationOverdueEvent),
        Withdrawn => typeof(ExplanationWithdrawnEvent),
        _ => null,
    };
}

/// <summary>
/// What a request is about: <c>{ "kind": "kpi", "code": "onTimeRate", "period": "2026-11", "value": 0.82 }</c>,
/// an index group (<c>index</c>, <c>qd766/g3</c>) or an alert (<c>alert</c>, its key). Kinds: <c>kpi</c>, <c>index</c>, <c>alert</c>.
/// </summary>
public sealed record ExplanationSubjectRef(string Kind, string Code, string? Period = null, double? Value = null);

/// <summary>A person as the log names them: username, display name at the time, role, and unit when bound to one.</summary>
public sealed record ExplanationPerson(string Username, string DisplayName, string Role, string? Unit = null);

/// <summary><c>explanation.requested</c>: <paramref name="Unit"/> is asked to explain, due at <paramref name="Due"/> (<paramref name="Days"/> working days).</summary>
public sealed record ExplanationRequestedEvent(
    string Id,
    string Unit,
    ExplanationSubjectRef Subject,
    string Question,
    ExplanationPerson AskedBy,
    int Days,
    DateTimeOffset Due,
    DateTimeOffset At);

/// <summary><c>explanation.answered</c>: a person of the unit answers.</summary>
public sealed record ExplanationAnsweredEvent(string Id, string Text, ExplanationPerson By, DateTimeOffset At);

/// <summary><c>explanation.accepted</c>: the asker accepts the answer (closed).</summary>
public sealed record ExplanationAcceptedEvent(string Id, ExplanationPerson By, DateTimeOffset At, string? Note = null);

/// <summary><c>explanation.reopened</c>: the answer is not enough; <paramref name="Due"/> is the new due time, if one was given.</summary>
public sealed record ExplanationReopenedEvent(string Id, string Note, ExplanationPerson By, DateTimeOffset At, DateTimeOffset? Due = null);

/// <summary><c>explanation.extended</c>: the due time moves later.</summary>
public sealed record ExplanationExtendedEvent(string Id, DateTimeOffset Due, ExplanationPerson By, DateTimeOffset At, string? Note = null);

/// <summary><c>explanation.overdue</c>: unanswered past <paramref name="Due"/>; once per request and due time (idempotency key <c>explanation:{id}:overdue:{due}</c>).</summary>
public sealed record ExplanationOverdueEvent(string Id, DateTimeOffset Due, DateTimeOffset At);

/// <summary><c>explanation.withdrawn</c>: the asker withdraws the request (closed).</summary>
public sealed record ExplanationWithdrawnEvent(string Id, ExplanationPerson By, DateTimeOffset At, string? Note = null);
