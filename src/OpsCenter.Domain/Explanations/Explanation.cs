namespace OpsCenter.Domain.Explanations;

/// <summary>
/// A request for an explanation as its changes leave it: the log is the truth, and this is its fold
/// (<see cref="Fold"/>). <see cref="Apply"/> is lenient like the alert book: a change that no longer
/// fits (an answer to a closed request, an overdue for a due time since extended, a duplicate) is
/// ignored and left off the timeline, so two writers racing cannot break the fold;
/// <see cref="ExplanationRules"/> refuses such changes before they are written.
/// </summary>
/// <param name="Round">1 when first asked; each reopen adds one.</param>
/// <param name="Answer">The latest answer (kept after a reopen, so the page can show what was not enough).</param>
/// <param name="OverdueFlaggedFor">The due time an <see cref="ExplanationOverdue"/> was written for, if any.</param>
/// <param name="Timeline">Every change applied, in order, the request first.</param>
public sealed record Explanation(
    string Id,
    string Unit,
    ExplanationSubject Subject,
    string Question,
    ExplanationActor AskedBy,
    DateTimeOffset RequestedAt,
    int Days,
    DateTimeOffset Due,
    ExplanationState State,
    int Round,
    string? Answer,
    ExplanationActor? AnsweredBy,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? OverdueFlaggedFor,
    ExplanationActor? ClosedBy,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<ExplanationChange> Timeline)
{
    public bool IsClosed => State is ExplanationState.Accepted or ExplanationState.Withdrawn;

    /// <summary>
    /// Waiting for the unit's answer strictly after its due time. Not while answered: the unit did
    /// answer, it is the asker who is late then.
    /// </summary>
    public bool IsOverdue(DateTimeOffset now) => State == ExplanationState.Open && now > Due;

    /// <summary>A new request.</summary>
    public static Explanation Start(ExplanationRequested r) => new(r.Id, r.Unit, r.Subject, r.Question, r.AskedBy, r.At, r.Days, r.Due,
        ExplanationState.Open, 1, null, null, null, null, null, null, [r]);

    /// <summary>Folds a request's changes in log order; the first must be its <see cref="ExplanationRequested"/>.</summary>
    public static Explanation Fold(IEnumerable<ExplanationChange> changes)
    {
        Explanation? explanation = null;
        foreach (var change in changes)
        {
            explanation = explanation is null
                ? Start(change as ExplanationRequested ?? throw new ArgumentException($"A request's first change must be its request, not {change.GetType().Name}.", nameof(changes)))
                : explanation.Apply(change);
        }
        return explanation ?? throw new ArgumentException("No changes to fold.", nameof(changes));
    }

    /// <summary>This request after <paramref name="change"/>; the same instance when the change does not fit.</summary>
    public Explanation Apply(ExplanationChange change)
    {
        if (!string.Equals(change.Id, Id, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Change for '{change.Id}' applied to '{Id}'.", nameof(change));
        }
        var next = change switch
        {
            ExplanationAnswered a when State == ExplanationState.Open =>
                this with { State = ExplanationState.Answered, Answer = a.Text, AnsweredBy = a.By, AnsweredAt = a.At },
            ExplanationAccepted a when State == ExplanationState.Answered =>
                this with { State = ExplanationState.Accepted, ClosedBy = a.By, ClosedAt = a.At },
            ExplanationReopened r when State == ExplanationState.Answered =>
                this with { State = ExplanationState.Open, Round = Round + 1, Due = r.Due ?? Due },
            ExplanationExtended e when State == ExplanationState.Open && e.Due > Due =>
                this with { Due = e.Due },
            ExplanationOverdue o when State == ExplanationState.Open && o.Due == Due && OverdueFlaggedFor != Due =>
                this with { OverdueFlaggedFor = o.Due },
            ExplanationWithdrawn w when !IsClosed =>
                this with { State = ExplanationState.Withdrawn, ClosedBy = w.By, ClosedAt = w.At },
            _ => null,
        };
        return next is null ? this : next with { Timeline = [.. Timeline, change] };
    }

    /// <summary>Equal when every field and every change of the timeline is equal (the fold test's "same state").</summary>
    public bool Equals(Explanation? other) =>
        other is not null
        && Id == other.Id && Unit == other.Unit && Subject == other.Subject && Question == other.Question
        && AskedBy == other.AskedBy && RequestedAt == other.RequestedAt && Days == other.Days && Due == other.Due
        && State == other.State && Round == other.Round && Answer == other.Answer && AnsweredBy == other.AnsweredBy
        && AnsweredAt == other.AnsweredAt && OverdueFlaggedFor == other.OverdueFlaggedFor && ClosedBy == other.ClosedBy
        && ClosedAt == other.ClosedAt && Timeline.SequenceEqual(other.Timeline);

    public override int GetHashCode() => HashCode.Combine(Id, State, Round, Due, Timeline.Count);
}
