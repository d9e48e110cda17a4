namespace OpsCenter.Domain.Alerts.Routing;

/// <summary>
/// Who hears about an alert, and when: the on-call teams with their weekly rota, the policies that
/// route alerts to tiers of targets, and each person's quiet hours. The file format of
/// dashboards/alerts/routing/*.json (camelCase, unknown fields refused: <see cref="RoutingFile"/>).
/// Times of day are "HH:mm" and offsets "+07:00" (strings, so the validator can name a bad one).
/// </summary>
public sealed record RoutingDocument(
    IReadOnlyList<RoutingTeam>? Teams = null,
    IReadOnlyList<RoutingPolicy>? Policies = null,
    IReadOnlyList<RoutingPersonSettings>? People = null)
{
    /// <summary>The city's offset, used where a team or a person gives none (Viet Nam keeps no daylight saving).</summary>
    public const string DefaultUtcOffset = "+07:00";

    /// <summary>A document with no teams, no policies and no quiet hours: every alert takes the default policy.</summary>
    public static readonly RoutingDocument Empty = new();

    internal IReadOnlyList<RoutingTeam> TeamList => Teams ?? [];

    internal IReadOnlyList<RoutingPolicy> PolicyList => Policies ?? [];

    internal IReadOnlyList<RoutingPersonSettings> PeopleList => People ?? [];
}

/// <summary>An on-call team and its weekly rota, read in the team's <paramref name="UtcOffset"/>.</summary>
/// <param name="Id">Stable id (lowercase letters, digits, '-'), named by targets as <c>team:&lt;id&gt;</c>.</param>
public sealed record RoutingTeam(string Id, string Name, string NameEn, IReadOnlyList<RoutingShift> Shifts, string? UtcOffset = null);

/// <summary>
/// One recurring shift: on each of <paramref name="Days"/>, from <paramref name="From"/> to
/// <paramref name="To"/>. A shift whose end is not after its start crosses midnight and belongs to
/// the day it starts (Sunday 19:30-07:30 runs into Monday morning); equal times are 24 hours.
/// </summary>
/// <param name="People">Who is on call during the shift (usernames).</param>
public sealed record RoutingShift(IReadOnlyList<DayOfWeek> Days, string From, string To, IReadOnlyList<string> People);

/// <summary>
/// A routing policy: the alerts it takes (<paramref name="Match"/>), the tiers notified one after
/// another while nobody acknowledges, reminders, and whether the end is announced.
/// </summary>
/// <param name="RemindEveryMinutes">Remind everyone notified so far this often while unacknowledged and unresolved; null: never.</param>
/// <param name="NotifyResolved">Tell everyone notified when the alert resolves.</param>
public sealed record RoutingPolicy(
    string Id,
    IReadOnlyList<RoutingTier> Tiers,
    RoutingMatch? Match = null,
    int? RemindEveryMinutes = null,
    bool NotifyResolved = true);

/// <summary>
/// Which alerts a policy takes: every non-empty criterion must match (an empty or missing one
/// matches anything). Units and groups match when any of the alert's units is listed or in the group.
/// </summary>
public sealed record RoutingMatch(
    IReadOnlyList<string>? Units = null,
    IReadOnlyList<string>? Groups = null,
    IReadOnlyList<string>? Rules = null,
    IReadOnlyList<AlertRuleKind>? Kinds = null,
    IReadOnlyList<AlertSeverity>? Severities = null);

/// <summary>
/// One step of escalation: notified <paramref name="AfterMinutes"/> after the alert fired unless it
/// was acknowledged (or resolved) by then. Targets: <c>person:&lt;username&gt;</c>,
/// <c>team:&lt;id&gt;</c> (on call when the tier is due), <c>role:&lt;role&gt;</c>, <c>unitPeople</c>.
/// </summary>
public sealed record RoutingTier(int AfterMinutes, IReadOnlyList<string> Notify);

/// <summary>A person's notification settings: quiet hours read in <paramref name="UtcOffset"/>.</summary>
public sealed record RoutingPersonSettings(string Username, RoutingQuietHours? QuietHours = null, string? UtcOffset = null);

/// <summary>Quiet hours, "HH:mm" to "HH:mm"; an end not after the start crosses midnight (22:00-06:00).</summary>
public sealed record RoutingQuietHours(string From, string To);
