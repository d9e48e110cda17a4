namespace OpsCenter.Contracts.Live;

/// <summary>
/// One entry of the feed of what changed: a system went down or came back, a unit went stale,
/// its late dossiers jumped, an incident opened... with texts ready for the wall in both languages.
/// </summary>
/// <param name="Id">Increasing within one aggregator; entries derived from the log get the same ids on every replica.</param>
/// <param name="At">When it happened (the sample's check time, the incident's time, the moment a unit turned stale).</param>
/// <param name="Kind">One of <see cref="ChangeKinds"/>.</param>
/// <param name="Subject">What changed within the unit: a system code or an incident id; null for the unit itself.</param>
/// <param name="Before">The state before (e.g. <c>up</c>, <c>12</c> late dossiers), null when there was none.</param>
/// <param name="After">The state after.</param>
public sealed record LiveChange(
    long Id,
    DateTimeOffset At,
    string Unit,
    string Kind,
    string? Subject,
    string? Before,
    string? After,
    string TextVi,
    string TextEn);

/// <summary>The kinds of <see cref="LiveChange"/>.</summary>
public static class ChangeKinds
{
    public const string SystemDown = "system.down";
    public const string SystemDegraded = "system.degraded";
    public const string SystemUp = "system.up";
    public const string UnitStale = "unit.stale";
    public const string UnitSilent = "unit.silent";
    public const string UnitBack = "unit.back";
    public const string LateJump = "dossiers.late-jump";
    public const string IncidentOpened = "incident.opened";
    public const string IncidentChanged = "incident.changed";
    public const string IncidentResolved = "incident.resolved";
}
