using OpsCenter.Domain.People;

namespace OpsCenter.Domain.Explanations;

/// <summary>The change to append, or why not (one of the two is set).</summary>
public sealed record ExplanationResult(ExplanationChange? Change, ExplanationRefusal? Refusal)
{
    public bool Succeeded => Change is not null;

    public static ExplanationResult Done(ExplanationChange change) => new(change, null);

    public static ExplanationResult Refused(ExplanationRefusal refusal) => new(null, refusal);
}

/// <summary>
/// Decides what people may do to a request for an explanation, purely: who acts and when
/// (<c>now</c>) are inputs, the answer is a change to append or a refusal. Checks go permission
/// (403), then state (409), then input (400), so a person who may not act learns nothing more.
/// <list type="bullet">
/// <item>Ask: a <see cref="Roles.Briefing"/> or <see cref="Roles.Admin"/> person.</item>
/// <item>Answer: a person of the unit asked: a <see cref="Roles.Department"/> person of that unit, or an
/// admin bound to it (<see cref="ExplanationActor.Unit"/>). City-wide admins do not answer for a unit.</item>
/// <item>Accept, reopen, extend, withdraw: the asker, or any person of the asker's role (a colleague
/// of the chairman's office takes over a colleague's requests).</item>
/// </list>
/// </summary>
public sealed class ExplanationRules(ExplanationDue due, ExplanationText text)
{
    public ExplanationDue Due { get; } = due;

    public ExplanationText Text { get; } = text;

    public static bool CanAsk(ExplanationActor actor) => actor.Role is Roles.Briefing or Roles.Admin;

    public static bool CanAnswer(Explanation explanation, ExplanationActor actor) =>
        actor.Role is Roles.Department or Roles.Admin
        && string.Equals(actor.Unit, explanation.Unit, StringComparison.Ordinal);

    public static bool CanDecide(Explanation explanation, ExplanationActor actor) =>
        string.Equals(actor.Username, explanation.AskedBy.Username, StringComparison.Ordinal)
        || (CanAsk(actor) && string.Equals(actor.Role, explanation.AskedBy.Role, StringComparison.Ordinal));

    /// <summary>A new request, due <paramref name="days"/> working days after <paramref name="now"/> (<see cref="ExplanationDue"/>).</summary>
    public ExplanationResult Request(string id, ExplanationActor actor, string? unit, ExplanationSubject? subject, string? question, int days, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (!CanAsk(actor))
        {
            return ExplanationResult.Refused(ExplanationRefusal.NotAllowedToAsk);
        }
        if (string.IsNullOrWhiteSpace(unit))
        {
            return ExplanationResult.Refused(ExplanationRefusal.UnitMissing);
        }
        if (subject is null || !ExplanationSubject.Kinds.Contains(subject.Kind, StringComparer.Ordinal) || string.IsNullOrWhiteSpace(subject.Code)
            || (subject.Value is { } value && !double.IsFinite(value)))
        {
            return ExplanationResult.Refused(ExplanationRefusal.SubjectInvalid);
        }
        if (!ExplanationDue.IsValidDays(days))
        {
            return ExplanationResult.Refused(ExplanationRefusal.DaysOutOfRange);
        }
        var (checkedQuestion, refusal) = Text.Check(question, ExplanationText.QuestionMax, "question");
        return refusal is not null
            ? ExplanationResult.Refused(refusal)
            : ExplanationResult.Done(new ExplanationRequested(id, now, unit.Trim(), subject, checkedQuestion!, actor, days, Due.After(now, days)));
    }

    /// <summary>The unit answers an open (or reopened) request, overdue or not.</summary>
    public ExplanationResult Answer(Explanation explanation, ExplanationActor actor, string? answer, DateTimeOffset now)
    {
        if (!CanAnswer(explanation, actor))
        {
            return ExplanationResult.Refused(ExplanationRefusal.NotTheUnit);
        }
        if (StateRefusal(explanation, ExplanationState.Open, ExplanationRefusal.AlreadyAnswered) is { } refused)
        {
            return ExplanationResult.Refused(refused);
        }
        var (checkedAnswer, refusal) = Text.Check(answer, ExplanationText.AnswerMax, "text");
        return refusal is not null
            ? ExplanationResult.Refused(refusal)
            : ExplanationResult.Done(new ExplanationAnswered(explanation.Id, now, actor, checkedAnswer!));
    }

    /// <summary>The asker accepts the answer: closed.</summary>
    public ExplanationResult Accept(Explanation explanation, ExplanationActor actor, string? note, DateTimeOffset now) =>
        Decide(explanation, actor, ExplanationState.Answered, ExplanationRefusal.NotAnswered, () =>
        {
            var (checkedNote, refusal) = Text.CheckNote(note);
            return refusal is not null
                ? ExplanationResult.Refused(refusal)
                : ExplanationResult.Done(new ExplanationAccepted(explanation.Id, now, actor, checkedNote));
        });

    /// <summary>
    /// The answer is not enough: open again, with why (required). With <paramref name="days"/> the
    /// unit gets a new due time counted from now; without, the old one stands (it may have passed:
    /// the request is then overdue at once, and escalated again only if it was not already for that due time).
    /// </summary>
    public ExplanationResult Reopen(Explanation explanation, ExplanationActor actor, string? note, int? days, DateTimeOffset now) =>
        Decide(explanation, actor, ExplanationState.Answered, ExplanationRefusal.NotAnswered, () =>
        {
            if (days is { } d && !ExplanationDue.IsValidDays(d))
            {
                return ExplanationResult.Refused(ExplanationRefusal.DaysOutOfRange);
            }
            var (checkedNote, refusal) = Text.Check(note, ExplanationText.NoteMax, "note");
            return refusal is not null
                ? ExplanationResult.Refused(refusal)
                : ExplanationResult.Done(new ExplanationReopened(explanation.Id, now, actor, checkedNote!, days is { } n ? Due.After(now, n) : null));
        });

    /// <summary>
    /// A later due date for an open request: the closing time of <paramref name="dueDate"/>, a working
    /// day, later than now and than the current due time, and at most <see cref="ExplanationDue.MaxDays"/>
    /// working days from now.
    /// </summary>
    public ExplanationResult Extend(Explanation explanation, ExplanationActor actor, DateOnly dueDate, string? note, DateTimeOffset now) =>
        Decide(explanation, actor, ExplanationState.Open, ExplanationRefusal.NotOpen, () =>
        {
            var newDue = Due.On(dueDate);
            if (newDue <= now || newDue <= explanation.Due)
            {
                return ExplanationResult.Refused(ExplanationRefusal.DueNotLater);
            }
            if (!Due.Calendar.IsWorkingDay(dueDate))
            {
                return ExplanationResult.Refused(ExplanationRefusal.DueNotWorkingDay);
            }
            if (newDue > Due.After(now, ExplanationDue.MaxDays))
            {
                return ExplanationResult.Refused(ExplanationRefusal.DueTooFar);
            }
            var (checkedNote, refusal) = Text.CheckNote(note);
            return refusal is not null
                ? ExplanationResult.Refused(refusal)
                : ExplanationResult.Done(new ExplanationExtended(explanation.Id, now, actor, newDue, checkedNote));
        });

    /// <summary>The asker withdraws an open or answered request: closed.</summary>
    public ExplanationResult Withdraw(Explanation explanation, ExplanationActor actor, string? note, DateTimeOffset now) =>
        Decide(explanation, actor, null, null, () =>
        {
            var (checkedNote, refusal) = Text.CheckNote(note);
            return refusal is not null
                ? ExplanationResult.Refused(refusal)
                : ExplanationResult.Done(new ExplanationWithdrawn(explanation.Id, now, actor, checkedNote));
        });

    /// <summary>
    /// The escalation planner: the requests that are overdue at <paramref name="now"/> and not yet
    /// flagged for their current due time. The caller appends each change (idempotency key
    /// <c>explanation:{id}:overdue:{due}</c>), then notifies the asker and the unit's admins; once
    /// applied, the same request is not planned again until its due time changes (extend, reopen).
    /// </summary>
    public static IReadOnlyList<ExplanationOverdue> Overdue(IEnumerable<Explanation> explanations, DateTimeOffset now) =>
        [.. explanations
            .Where(e => e.IsOverdue(now) && e.OverdueFlaggedFor != e.Due)
            .Select(e => new ExplanationOverdue(e.Id, now, e.Due))];

    private static ExplanationResult Decide(Explanation explanation, ExplanationActor actor, ExplanationState? required, ExplanationRefusal? wrongState, Func<ExplanationResult> decide)
    {
        if (!CanDecide(explanation, actor))
        {
            return ExplanationResult.Refused(ExplanationRefusal.NotTheAsker);
        }
        if (required is { } state && StateRefusal(explanation, state, wrongState!) is { } refused)
        {
            return ExplanationResult.Refused(refused);
        }
        return explanation.IsClosed ? ExplanationResult.Refused(ExplanationRefusal.Closed) : decide();
    }

    private static ExplanationRefusal? StateRefusal(Explanation explanation, ExplanationState required, ExplanationRefusal wrongState) =>
        explanation.IsClosed ? ExplanationRefusal.Closed
        : explanation.State != required ? wrongState
        : null;
}
