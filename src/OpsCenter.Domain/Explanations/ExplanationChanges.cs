namespace OpsCenter.Domain.Explanations;

/// <summary>
/// One fact in a request's life, as the log keeps it (the collector appends it; the wire form is
/// <c>OpsCenter.Contracts.Explanations</c>). <see cref="ExplanationRules"/> decides them,
/// <see cref="Explanation.Apply"/> folds them.
/// </summary>
public abstract record ExplanationChange(string Id, DateTimeOffset At);

/// <summary>A briefing or admin person asks <paramref name="Unit"/> to explain, due at <paramref name="Due"/> (<paramref name="Days"/> working days).</summary>
public sealed record ExplanationRequested(
    string Id,
    DateTimeOffset At,
    string Unit,
    ExplanationSubject Subject,
    string Question,
    ExplanationActor AskedBy,
    int Days,
    DateTimeOffset Due) : ExplanationChange(Id, At);

/// <summary>A person of the unit answers.</summary>
public sealed record ExplanationAnswered(string Id, DateTimeOffset At, ExplanationActor By, string Text) : ExplanationChange(Id, At);

/// <summary>The asker (or a person of the asker's role) accepts the answer: closed.</summary>
public sealed record ExplanationAccepted(string Id, DateTimeOffset At, ExplanationActor By, string? Note = null) : ExplanationChange(Id, At);

/// <summary>The answer is not enough: open again, with why, and a new due time when one was given.</summary>
public sealed record ExplanationReopened(string Id, DateTimeOffset At, ExplanationActor By, string Note, DateTimeOffset? Due = null) : ExplanationChange(Id, At);

/// <summary>The due time moves later.</summary>
public sealed record ExplanationExtended(string Id, DateTimeOffset At, ExplanationActor By, DateTimeOffset Due, string? Note = null) : ExplanationChange(Id, At);

/// <summary>The request passed <paramref name="Due"/> unanswered: written once per request and due time, for the escalation.</summary>
public sealed record ExplanationOverdue(string Id, DateTimeOffset At, DateTimeOffset Due) : ExplanationChange(Id, At);

/// <summary>The asker withdraws the request: closed.</summary>
public sealed record ExplanationWithdrawn(string Id, DateTimeOffset At, ExplanationActor By, string? Note = null) : ExplanationChange(Id, At);
