using System.Globalization;
using OpsCenter.Domain.People;

namespace OpsCenter.Domain.Alerts.Routing;

/// <summary>
/// Plans who is told what about an alert, and when. Pure: the document, the people, the group
/// membership (group id to its units) and the instant are all parameters, so planning again at any
/// time gives the same answer and the outbox key (alert, recipient, kind) makes it send once.
/// </summary>
public sealed class AlertRouter(RoutingDocument document, IReadOnlyList<RoutingPerson> people, IReadOnlyDictionary<string, IReadOnlyList<string>> groups)
{
    /// <summary>The policy of alerts no policy matches: what the collector did before routing existed.</summary>
    public static readonly RoutingPolicy DefaultPolicy = new("(default)",
        [new RoutingTier(0, [RoutingTargets.RolePrefix + Roles.Operator, RoutingTargets.RolePrefix + Roles.Admin, RoutingTargets.UnitPeople])]);

    private readonly Dictionary<string, RoutingPerson> _people = people.GroupBy(p => p.Username, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private readonly Dictionary<string, RoutingPersonSettings> _settings = document.PeopleList.GroupBy(p => p.Username, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private readonly Dictionary<string, RoutingTeam> _teams = document.TeamList.GroupBy(t => t.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    /// <summary>The first policy whose every non-empty criterion matches the alert, else <see cref="DefaultPolicy"/>.</summary>
    public RoutingPolicy PolicyFor(RoutedAlert alert) => document.PolicyList.FirstOrDefault(p => Matches(p.Match, alert)) ?? DefaultPolicy;

    /// <summary>
    /// Everything due for <paramref name="alert"/> at <paramref name="now"/> and what is scheduled after it:
    /// each tier at fired + afterMinutes unless acknowledged or resolved by then (tier 0 always), the
    /// latest reminder due while unacknowledged and unresolved, and the resolved message.
    /// </summary>
    public RoutingPlan Plan(RoutedAlert alert, DateTimeOffset now)
    {
        var policy = PolicyFor(alert);
        var stop = Earliest(alert.AcknowledgedAt, alert.ResolvedAt);
        var messages = new List<PlannedNotification>();
        var skipped = new List<SkippedTarget>();
        // Each recipient with the first tier instant that reached them: reminders and the resolved message go to them.
        var reached = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        for (var i = 0; i < policy.Tiers.Count; i++)
        {
            var tier = policy.Tiers[i];
            var at = alert.FiredAt.AddMinutes(tier.AfterMinutes);
            if (i > 0 && stop <= at)
            {
                break;
            }
            var kind = $"tier-{i}";
            var recipients = Recipients(tier.Notify, alert, at, kind, at <= now ? skipped : []);
            foreach (var username in (alert.Notified?.GetValueOrDefault(i) ?? []).Where(Deliverable))
            {
                recipients.TryAdd(username, "notified");
            }
            foreach (var (username, target) in recipients.Where(r => !reached.ContainsKey(r.Key)))
            {
                reached[username] = at;
                var reason = i == 0 ? $"fired; via {target}" : $"tier {i}: {tier.AfterMinutes} min without acknowledgement; via {target}";
                messages.Add(Message(alert, username, kind, at, target, reason));
            }
        }
        // Anyone the log says was notified, even by a tier since removed, hears the reminders and the end.
        foreach (var username in (alert.Notified?.Values ?? []).SelectMany(u => u))
        {
            reached.TryAdd(username, alert.FiredAt);
        }
        Reminders(alert, policy, stop, now, reached, messages);
        if (policy.NotifyResolved && alert.ResolvedAt is { } resolved && resolved <= now)
        {
            messages.AddRange(reached.Where(r => r.Value <= resolved && Deliverable(r.Key))
                .Select(r => Message(alert, r.Key, "resolved", resolved, "notified", "resolved")));
        }
        var ordered = messages.OrderBy(m => m.DueAt).ThenBy(m => m.NominalAt).ToList();
        return new RoutingPlan(policy.Id, [.. ordered.Where(m => m.DueAt <= now)], [.. ordered.Where(m => m.DueAt > now)],
            [.. skipped.DistinctBy(s => (s.MessageKind, s.Target, s.Recipient))]);
    }

    /// <summary>
    /// The handovers of shift changes in (<paramref name="after"/>, <paramref name="until"/>]: each
    /// incoming person (on the new shift, not on call just before it) is told the team's alerts open
    /// and unacknowledged at the change. A team's alerts are those whose policy names the team in
    /// any tier. No alerts, no handover. Not deferred by quiet hours: the recipient is starting a shift.
    /// </summary>
    public IReadOnlyList<HandoverNotification> Handovers(IReadOnlyList<RoutedAlert> openAlerts, DateTimeOffset after, DateTimeOffset until)
    {
        var handovers = new List<HandoverNotification>();
        foreach (var team in _teams.Values)
        {
            var target = RoutingTargets.TeamPrefix + team.Id;
            var teamAlerts = openAlerts.Where(a => PolicyFor(a).Tiers.Any(t => t.Notify.Contains(target, StringComparer.Ordinal))).ToList();
            foreach (var shift in Rota.StartingBetween(team, after, until))
            {
                var keys = teamAlerts
                    .Where(a => a.FiredAt < shift.Start && !(a.AcknowledgedAt <= shift.Start) && !(a.ResolvedAt <= shift.Start))
                    .OrderBy(a => a.FiredAt).Select(a => a.Key).ToList();
                if (keys.Count == 0)
                {
                    continue;
                }
                var outgoing = Rota.OnCall(team, shift.Start.AddTicks(-1));
                var kind = $"handover:{team.Id}:{shift.Start.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)}";
                handovers.AddRange(shift.People.Distinct(StringComparer.Ordinal)
                    .Where(p => !outgoing.Contains(p, StringComparer.Ordinal) && Deliverable(p))
                    .Select(p => new HandoverNotification(team.Id, shift.Start, p, kind, shift.Start, keys)));
            }
        }
        return [.. handovers.OrderBy(h => h.ShiftStart).ThenBy(h => h.TeamId, StringComparer.Ordinal).ThenBy(h => h.Recipient, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Reminders are folded: only the latest one due is planned (it says everything an earlier one
    /// would, and a run after a pause does not send a burst), to everyone reached by its time; the
    /// next one is scheduled while the alert is neither acknowledged nor resolved.
    /// </summary>
    private void Reminders(RoutedAlert alert, RoutingPolicy policy, DateTimeOffset? stop, DateTimeOffset now,
        Dictionary<string, DateTimeOffset> reached, List<PlannedNotification> messages)
    {
        if (policy.RemindEveryMinutes is not (> 0 and var every))
        {
            return;
        }
        var period = TimeSpan.FromMinutes(every);
        var until = stop is { } s && s <= now ? s - TimeSpan.FromTicks(1) : now;
        var last = until < alert.FiredAt ? 0 : (int)((until - alert.FiredAt).Ticks / period.Ticks);
        if (last >= 1)
        {
            Remind(last);
        }
        if (stop is null)
        {
            Remind(last + 1);
        }

        void Remind(int number)
        {
            var at = alert.FiredAt + (period * number);
            messages.AddRange(reached.Where(r => r.Value <= at && Deliverable(r.Key))
                .Select(r => Message(alert, r.Key, $"reminder-{number}", at, "notified", $"reminder {number}: still firing after {Duration(period * number)}", period * number)));
        }
    }

    private PlannedNotification Message(RoutedAlert alert, string username, string kind, DateTimeOffset at, string target, string reason, TimeSpan? downFor = null)
    {
        // The highest severity ignores quiet hours; escalation never waits for a deferred message.
        var due = alert.Severity == AlertSeverity.Critical ? at : QuietHours.DeliverAt(_settings.GetValueOrDefault(username), at);
        if (due > at)
        {
            reason += $"; deferred by quiet hours to {due.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)}";
        }
        return new PlannedNotification(alert.Key, username, kind, at, due, target, reason, downFor);
    }

    /// <summary>The deliverable people the targets name at <paramref name="at"/>, each with the first target that named them.</summary>
    private Dictionary<string, string> Recipients(IReadOnlyList<string> targets, RoutedAlert alert, DateTimeOffset at, string kind, List<SkippedTarget> skipped)
    {
        var recipients = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            var named = Named(target, alert, at, kind, skipped);
            foreach (var username in named)
            {
                if (!_people.TryGetValue(username, out var person))
                {
                    skipped.Add(new SkippedTarget(kind, target, username, "unknown person"));
                }
                else if (person.Disabled)
                {
                    skipped.Add(new SkippedTarget(kind, target, username, "disabled"));
                }
                else if (person.Channels.Count == 0)
                {
                    skipped.Add(new SkippedTarget(kind, target, username, "no channel"));
                }
                else
                {
                    recipients.TryAdd(username, target);
                }
            }
        }
        return recipients;
    }

    private IEnumerable<string> Named(string target, RoutedAlert alert, DateTimeOffset at, string kind, List<SkippedTarget> skipped)
    {
        if (target == RoutingTargets.UnitPeople)
        {
            var named = new List<string>();
            foreach (var unit in alert.Units)
            {
                var inUnit = _people.Values.Where(p => p.Role == Roles.Department && p.Unit == unit).ToList();
                if (inUnit.Count == 0)
                {
                    inUnit = [.. _people.Values.Where(p => p.Role == Roles.Admin && p.Unit == unit)];
                }
                if (inUnit.Count == 0)
                {
                    skipped.Add(new SkippedTarget(kind, target, null, $"unit {unit}: no department people or admins"));
                }
                named.AddRange(inUnit.Select(p => p.Username));
            }
            return named;
        }
        if (target.StartsWith(RoutingTargets.PersonPrefix, StringComparison.Ordinal))
        {
            return [target[RoutingTargets.PersonPrefix.Length..]];
        }
        if (target.StartsWith(RoutingTargets.TeamPrefix, StringComparison.Ordinal))
        {
            var onCall = _teams.TryGetValue(target[RoutingTargets.TeamPrefix.Length..], out var team) ? Rota.OnCall(team, at) : [];
            if (onCall.Count == 0)
            {
                skipped.Add(new SkippedTarget(kind, target, null, "nobody on call"));
            }
            return onCall;
        }
        if (target.StartsWith(RoutingTargets.RolePrefix, StringComparison.Ordinal))
        {
            var role = target[RoutingTargets.RolePrefix.Length..];
            var holders = _people.Values.Where(p => p.Role == role).Select(p => p.Username).Order(StringComparer.Ordinal).ToList();
            if (holders.Count == 0)
            {
                skipped.Add(new SkippedTarget(kind, target, null, "nobody has the role"));
            }
            return holders;
        }
        skipped.Add(new SkippedTarget(kind, target, null, "unknown target"));
        return [];
    }

    private bool Deliverable(string username) => _people.TryGetValue(username, out var p) && !p.Disabled && p.Channels.Count > 0;

    private bool Matches(RoutingMatch? match, RoutedAlert alert) => match is null || (
        Any(match.Units, alert.Units.Contains)
        && Any(match.Groups, g => groups.TryGetValue(g, out var units) && alert.Units.Any(units.Contains))
        && Any(match.Rules, r => r == alert.RuleId)
        && Any(match.Kinds, k => k == alert.Kind)
        && Any(match.Severities, s => s == alert.Severity));

    private static bool Any<T>(IReadOnlyList<T>? criterion, Func<T, bool> matches) => criterion is not { Count: > 0 } || criterion.Any(matches);

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static string Duration(TimeSpan span) =>
        span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes} min"
        : span.Minutes == 0 ? $"{(int)span.TotalHours} h"
        : $"{(int)span.TotalHours} h {span.Minutes} min";
}
