namespace OpsCenter.Contracts.Explanations;

/// <summary>POST a request: ask <paramref name="Unit"/> about <paramref name="Subject"/>, due in <paramref name="Days"/> working days (1-30).</summary>
public sealed record ExplanationRequestBody(string Unit, ExplanationSubjectRef Subject, string Question, int Days);

/// <summary>POST the unit's answer (at most 4,000 characters, no personal data).</summary>
public sealed record ExplanationAnswerBody(string Text);

/// <summary>
/// POST accept, reopen or withdraw (the route says which). <paramref name="Note"/>: optional, but
/// required to reopen (why the answer is not enough); <paramref name="Days"/>: reopen only, a new due
/// time counted from now in working days (1-30), else the old one stands.
/// </summary>
public sealed record ExplanationDecisionBody(string? Note = null, int? Days = null);

/// <summary>POST a later due date (a local working day; due at its closing time).</summary>
public sealed record ExplanationExtendBody(DateOnly Due, string? Note = null);

/// <summary>Where a request is (mirrors the domain's ExplanationState); overdue is the view's flag.</summary>
public enum ExplanationStatus
{
    Open,
    Answered,
    Accepted,
    Withdrawn,
}

/// <summary>
/// One request as a page shows it. <paramref name="Overdue"/>: waiting for the unit's answer past its
/// due time at the time of the read (never while answered). <paramref name="Round"/>: 1, plus one per reopen.
/// </summary>
public sealed record ExplanationView(
    string Id,
    string Unit,
    ExplanationSubjectRef Subject,
    string Question,
    ExplanationPerson AskedBy,
    DateTimeOffset RequestedAt,
    int Days,
    DateTimeOffset Due,
    ExplanationStatus State,
    bool Overdue,
    int Round,
    string? Answer,
    ExplanationPerson? AnsweredBy,
    DateTimeOffset? AnsweredAt,
    ExplanationPerson? ClosedBy,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<ExplanationTimelineEntry> Timeline);

/// <summary>A line of a request's timeline: the event kind, who, the text or note, and the due time it set.</summary>
public sealed record ExplanationTimelineEntry(DateTimeOffset At, string Kind, ExplanationPerson? By, string? Text, DateTimeOffset? Due);

/// <summary>
/// A unit's requests still in play, for the briefing and its print view. The counts do not overlap:
/// <paramref name="Open"/> waits for an answer within its due time, <paramref name="Overdue"/> past it,
/// <paramref name="Answered"/> waits for the asker. <paramref name="Items"/>: those requests, overdue
/// first, then by due time.
/// </summary>
public sealed record ExplanationUnitSummary(string Unit, int Open, int Answered, int Overdue, IReadOnlyList<ExplanationView> Items);
