using OpsCenter.Domain.Alerts;
using OpsCenter.Domain.Alerts.Routing;
using static OpsCenter.Domain.Tests.Alerts.Routing.RoutingSamples;

namespace OpsCenter.Domain.Tests.Alerts.Routing;

/// <summary>Tiers, acknowledgement, reminders and the resolved message, on a critical alert fired Monday 10:00.</summary>
public class AlertRouterEscalationTests
{
    private static readonly RoutedAlert Fired = Alert(At(0, 10, 0));

    [Fact]
    public void Plan_AtFiring_TierZeroDue_TierOneAndFirstReminderScheduled()
    {
        var plan = Router().Plan(Fired, At(0, 10, 0));

        Assert.Equal("critical-city", plan.PolicyId);
        Assert.Equal(["op1 tier-0", "ward1 tier-0"], Sent(plan.Due));
        Assert.Equal(["admin reminder-1", "admin tier-1", "lead1 reminder-1", "lead1 tier-1", "op1 reminder-1", "ward1 reminder-1"], Sent(plan.Scheduled));
        Assert.Equal(At(0, 10, 15), plan.NextAt);
        Assert.Equal("team:ops", plan.Due.Single(n => n.Recipient == "op1").Target);
    }

    [Fact]
    public void Plan_FifteenMinutesWithoutAcknowledgement_NextTierDue()
    {
        var plan = Router().Plan(Fired, At(0, 10, 15));

        Assert.Equal(["admin tier-1", "lead1 tier-1", "op1 tier-0", "ward1 tier-0"], Sent(plan.Due));
        Assert.All(plan.Due.Where(n => n.MessageKind == "tier-1"), n => Assert.Equal(At(0, 10, 15), n.DueAt));
        Assert.Contains("15 min without acknowledgement", plan.Due.First(n => n.MessageKind == "tier-1").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_OneMinuteBeforeTheTier_StillScheduled()
    {
        var plan = Router().Plan(Fired, At(0, 10, 14));

        Assert.DoesNotContain(plan.Due, n => n.MessageKind == "tier-1");
        Assert.Contains(plan.Scheduled, n => n.MessageKind == "tier-1");
    }

    [Fact]
    public void Plan_AcknowledgedBetweenTiers_NoFurtherTierNorReminder()
    {
        var plan = Router().Plan(Fired with { AcknowledgedAt = At(0, 10, 10) }, At(0, 14, 0));

        Assert.Equal(["op1 tier-0", "ward1 tier-0"], Sent(plan.Due));
        Assert.Empty(plan.Scheduled);
        Assert.Null(plan.NextAt);
    }

    [Fact]
    public void Plan_AcknowledgedExactlyWhenTheTierIsDue_TierNotSent()
    {
        var plan = Router().Plan(Fired with { AcknowledgedAt = At(0, 10, 15) }, At(0, 10, 30));

        Assert.DoesNotContain(plan.Due, n => n.MessageKind == "tier-1");
    }

    [Fact]
    public void Plan_AcknowledgedAsItFired_TierZeroStillSent()
    {
        var plan = Router().Plan(Fired with { AcknowledgedAt = At(0, 10, 0) }, At(0, 10, 0));

        Assert.Equal(["op1 tier-0", "ward1 tier-0"], Sent(plan.Due));
    }

    [Fact]
    public void Plan_ReminderSequence_LatestDueToEveryoneNotifiedSoFar_NextScheduled()
    {
        var router = Router();
        string? Latest(DateTimeOffset now) => router.Plan(Fired, now).Due.Where(n => n.MessageKind.StartsWith("reminder-", StringComparison.Ordinal))
            .Select(n => n.MessageKind).Distinct().SingleOrDefault();

        Assert.Null(Latest(At(0, 11, 59)));
        Assert.Equal("reminder-1", Latest(At(0, 12, 0)));
        Assert.Equal("reminder-1", Latest(At(0, 13, 59)));
        Assert.Equal("reminder-2", Latest(At(0, 14, 0)));
        Assert.Equal("reminder-3", Latest(At(0, 16, 0)));
        // A planner that was down from 12:30 to 18:30 sends one reminder saying 8 h, not a burst.
        Assert.Equal("reminder-4", Latest(At(0, 18, 30)));

        var plan = router.Plan(Fired, At(0, 14, 0));
        var reminders = plan.Due.Where(n => n.MessageKind == "reminder-2").ToList();
        Assert.Equal(["admin", "lead1", "op1", "ward1"], reminders.Select(n => n.Recipient).Order(StringComparer.Ordinal));
        Assert.All(reminders, n => Assert.Equal(TimeSpan.FromHours(4), n.DownFor));
        Assert.Contains("still firing after 4 h", reminders[0].Reason, StringComparison.Ordinal);
        Assert.Equal(At(0, 16, 0), plan.NextAt);
        Assert.Equal(4, plan.Scheduled.Count(n => n.MessageKind == "reminder-3"));
    }

    [Fact]
    public void Plan_ReminderBeforeTheNextTier_OnlyThoseNotifiedByThen()
    {
        var fiveMinutes = Document with { Policies = [Critical with { RemindEveryMinutes = 5 }] };

        var plan = Router(fiveMinutes).Plan(Fired, At(0, 10, 10));

        Assert.Equal(["op1", "ward1"], plan.Due.Where(n => n.MessageKind == "reminder-2").Select(n => n.Recipient).Order(StringComparer.Ordinal));
        Assert.Contains(plan.Due, n => n.MessageKind == "reminder-2" && n.DownFor == TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void Plan_AcknowledgedAfterReminders_ReminderBeforeItKept_NoneAfter()
    {
        var plan = Router().Plan(Fired with { AcknowledgedAt = At(0, 13, 0) }, At(0, 18, 0));

        Assert.Equal(["reminder-1"], plan.Due.Where(n => n.MessageKind.StartsWith("reminder-", StringComparison.Ordinal)).Select(n => n.MessageKind).Distinct());
        Assert.Empty(plan.Scheduled);
    }

    [Fact]
    public void Plan_ResolvedAfterEscalation_ResolvedToEveryoneNotified()
    {
        var plan = Router().Plan(Fired with { ResolvedAt = At(0, 10, 40) }, At(0, 10, 40));

        Assert.Equal(["admin", "lead1", "op1", "ward1"], plan.Due.Where(n => n.MessageKind == "resolved").Select(n => n.Recipient).Order(StringComparer.Ordinal));
        Assert.All(plan.Due.Where(n => n.MessageKind == "resolved"), n => Assert.Equal(At(0, 10, 40), n.DueAt));
        Assert.Empty(plan.Scheduled);
    }

    [Fact]
    public void Plan_ResolvedBeforeTheNextTier_NoEscalation_ResolvedToTierZero()
    {
        var plan = Router().Plan(Fired with { ResolvedAt = At(0, 10, 10) }, At(0, 11, 0));

        Assert.Equal(["op1 resolved", "op1 tier-0", "ward1 resolved", "ward1 tier-0"], Sent(plan.Due));
        Assert.Empty(plan.Scheduled);
    }

    [Fact]
    public void Plan_PolicyWithoutNotifyResolved_NoResolvedMessage()
    {
        var quiet = Document with { Policies = [Critical with { NotifyResolved = false }] };

        var plan = Router(quiet).Plan(Fired with { ResolvedAt = At(0, 10, 40) }, At(0, 10, 40));

        Assert.DoesNotContain(plan.Due, n => n.MessageKind == "resolved");
    }

    [Fact]
    public void Plan_TeamTarget_WhoeverIsOnCallWhenTheTierIsDue_EachPersonOnce()
    {
        // Tier 0 at 19:20 reaches the day shift, tier 1 at 19:35 the night shift; op1 is not told twice.
        var twice = Document with { Policies = [new RoutingPolicy("twice", [new(0, ["team:ops"]), new(15, ["team:ops", "role:operator"])])] };

        var plan = Router(twice).Plan(Alert(At(0, 19, 20)), At(0, 19, 35));

        Assert.Equal(["lead1 tier-1", "op1 tier-0", "op2 tier-1", "op3 tier-1"], Sent(plan.Due));
        Assert.Equal("team:ops", plan.Due.Single(n => n.Recipient == "op2").Target);
    }

    [Fact]
    public void Plan_RecipientsTheLogRecorded_KeptForRemindersAndResolved()
    {
        // op3 was on call when tier 0 went out under an older rota.
        var alert = Fired with { Notified = new Dictionary<int, IReadOnlyList<string>> { [0] = ["op3"] }, ResolvedAt = At(0, 12, 30) };

        var plan = Router().Plan(alert, At(0, 12, 30));

        Assert.Contains("op3 tier-0", Sent(plan.Due));
        Assert.Contains("op3 reminder-1", Sent(plan.Due));
        Assert.Contains("op3 resolved", Sent(plan.Due));
    }

    [Fact]
    public void Plan_SamePlanTwice_SameMessages()
    {
        var router = Router();

        Assert.Equal(router.Plan(Fired, At(0, 14, 0)).Due, router.Plan(Fired, At(0, 14, 0)).Due);
    }
}
