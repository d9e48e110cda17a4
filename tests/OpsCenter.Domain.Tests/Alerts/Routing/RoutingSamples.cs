using OpsCenter.Domain.Alerts;
using OpsCenter.Domain.Alerts.Routing;

namespace OpsCenter.Domain.Tests.Alerts.Routing;

/// <summary>
/// A small city for routing tests. Instants are fixed, in +07:00: Monday 7 December 2026 is
/// <see cref="Monday"/>; nothing reads the real clock.
/// </summary>
internal static class RoutingSamples
{
    public static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    public static readonly DateOnly Monday = new(2026, 12, 7);

    private static readonly DayOfWeek[] EveryDay =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>Local time in Ho Chi Minh City, <paramref name="days"/> after Monday 7 December 2026.</summary>
    public static DateTimeOffset At(int days, int hour, int minute = 0) => new(Monday.AddDays(days).ToDateTime(new TimeOnly(hour, minute)), Vn);

    /// <summary>Ops: op1 by day (07:30-19:30), op2 by night (19:30-07:30); on Sunday night op3. Leads: lead1 all week.</summary>
    public static readonly RoutingTeam Ops = new("ops", "Trực vận hành", "Operations on call",
        [
            new([.. EveryDay], "07:30", "19:30", ["op1"]),
            new([.. EveryDay.Where(d => d != DayOfWeek.Sunday)], "19:30", "07:30", ["op2"]),
            new([DayOfWeek.Sunday], "19:30", "07:30", ["op3"]),
        ],
        "+07:00");

    public static readonly RoutingTeam Leads = new("leads", "Trưởng ca", "Shift leads", [new([.. EveryDay], "00:00", "00:00", ["lead1"])]);

    public static readonly RoutingPolicy Critical = new("critical-city",
        [new(0, ["team:ops", "unitPeople"]), new(15, ["team:leads", "person:admin"])],
        new RoutingMatch(Kinds: [AlertRuleKind.SystemDown], Severities: [AlertSeverity.Critical]),
        RemindEveryMinutes: 120);

    public static readonly RoutingPolicy Warnings = new("warnings",
        [new(0, ["team:ops"]), new(30, ["team:leads"])],
        new RoutingMatch(Severities: [AlertSeverity.Warning]),
        RemindEveryMinutes: 60);

    public static readonly RoutingDocument Document = new([Ops, Leads], [Critical, Warnings],
        [
            new("op1", new RoutingQuietHours("22:00", "06:00"), "+07:00"),
            new("op2", new RoutingQuietHours("12:00", "14:00")),
            new("lead1", new RoutingQuietHours("22:00", "06:00")),
            new("admin", new RoutingQuietHours("22:00", "06:00")),
        ]);

    public static readonly IReadOnlyList<RoutingPerson> Staff =
    [
        new("admin", "admin", null, false, ["email"]),
        new("op1", "operator", null, false, ["email"]),
        new("op2", "operator", null, false, ["email"]),
        new("op3", "operator", null, false, ["email"]),
        new("lead1", "operator", null, false, ["email"]),
        new("ward1", "department", "26734", false, ["email"]),
        new("ward1-old", "department", "26734", true, ["email"]),
        new("ward2-admin", "admin", "26737", false, ["email"]),
    ];

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Groups =
        new Dictionary<string, IReadOnlyList<string>> { ["thu-duc"] = ["26734", "26737"] };

    public static AlertRouter Router(RoutingDocument? document = null, IReadOnlyList<RoutingPerson>? people = null) =>
        new(document ?? Document, people ?? Staff, Groups);

    public static RoutedAlert Alert(DateTimeOffset firedAt, AlertSeverity severity = AlertSeverity.Critical, AlertRuleKind kind = AlertRuleKind.SystemDown,
        string[]? units = null, string ruleId = "civil-status-down") =>
        new($"{ruleId}|civil-status|{firedAt:O}", ruleId, kind, severity, units ?? ["26734"], firedAt);

    public static string[] Sent(IEnumerable<PlannedNotification> notifications) =>
        [.. notifications.Select(n => $"{n.Recipient} {n.MessageKind}").Order(StringComparer.Ordinal)];
}
