namespace OpsCenter.Domain.Explanations;

/// <summary>
/// Where a request for an explanation (yêu cầu giải trình) is in its life. A reopened request is
/// <see cref="Open"/> again (its round grows); <see cref="Accepted"/> and <see cref="Withdrawn"/>
/// are closed. Overdue is not a state but a flag: <see cref="Explanation.IsOverdue"/>.
/// </summary>
public enum ExplanationState
{
    /// <summary>Waiting for the unit's answer (first asked or reopened).</summary>
    Open,

    /// <summary>The unit answered; waiting for the asker to accept or reopen.</summary>
    Answered,

    /// <summary>Closed: the asker accepted the answer.</summary>
    Accepted,

    /// <summary>Closed: the asker withdrew the request.</summary>
    Withdrawn,
}

/// <summary>
/// What the request is about, as shown on the briefing page when it was asked: a KPI with its period
/// and the value shown (<c>kpi</c>, <c>onTimeRate</c>, <c>2026-11</c>, 0.82), an index group
/// (<c>index</c>, <c>qd766/g3</c>, <c>2026-W47</c>, 15.01) or an alert (<c>alert</c>, its key).
/// </summary>
public sealed record ExplanationSubject(string Kind, string Code, string? Period = null, double? Value = null)
{
    public const string Kpi = "kpi";
    public const string Index = "index";
    public const string Alert = "alert";

    public static readonly IReadOnlyList<string> Kinds = [Kpi, Index, Alert];
}

/// <summary>
/// A person acting on a request, as the Wall knows them after sign-in: <paramref name="Unit"/> is the
/// unit a department person (or a unit-bound admin) belongs to, null for city-wide people.
/// </summary>
public sealed record ExplanationActor(string Username, string DisplayName, string Role, string? Unit = null);
