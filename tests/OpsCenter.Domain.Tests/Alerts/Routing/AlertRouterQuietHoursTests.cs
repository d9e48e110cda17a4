using OpsCenter.Domain.Alerts;
using OpsCenter.Domain.Alerts.Routing;
using static OpsCenter.Domain.Tests.Alerts.Routing.RoutingSamples;

namespace OpsCenter.Domain.Tests.Alerts.Routing;

/// <summary>lead1 is quiet 22:00-06:00; a warning fired Monday 23:00 goes to lead1 first, then to op2 after 15 min.</summary>
public class AlertRouterQuietHoursTests
{
    private static readonly RoutingDocument LeadFirst = Document with
    {
        Policies = [new RoutingPolicy("lead-first", [new(0, ["person:lead1"]), new(15, ["person:op2"])], RemindEveryMinutes: 120)],
    };

    private static readonly RoutedAlert Warning = Alert(At(0, 23, 0), AlertSeverity.Warning);

    [Fact]
    public void Plan_InsideQuietHours_DeferredToTheirEnd_NotDropped()
    {
        var plan = Router(LeadFirst).Plan(Warning, At(0, 23, 0));

        var deferred = plan.Scheduled.Single(n => n.MessageKind == "tier-0");
        Assert.Equal("lead1", deferred.Recipient);
        Assert.Equal(At(0, 23, 0), deferred.NominalAt);
        Assert.Equal(At(1, 6, 0), deferred.DueAt);
        Assert.True(deferred.Deferred);
        Assert.Contains("deferred by quiet hours", deferred.Reason, StringComparison.Ordinal);
        Assert.Empty(plan.Due);
    }

    [Fact]
    public void Plan_AtTheEndOfQuietHours_DeferredMessageDue()
    {
        var plan = Router(LeadFirst).Plan(Warning, At(1, 6, 0));

        Assert.Contains(plan.Due, n => n is { Recipient: "lead1", MessageKind: "tier-0" } && n.DueAt == At(1, 6, 0));
    }

    [Fact]
    public void Plan_EscalationDoesNotWaitForTheDeferredMessage()
    {
        var plan = Router(LeadFirst).Plan(Warning, At(0, 23, 15));

        Assert.Equal(["op2 tier-1"], Sent(plan.Due));
        Assert.Equal(At(0, 23, 15), plan.Due[0].DueAt);
        Assert.Contains(plan.Scheduled, n => n is { Recipient: "lead1", MessageKind: "tier-0" });
    }

    [Fact]
    public void Plan_AcknowledgedDuringQuietHours_DeferredMessageStillDelivered()
    {
        var plan = Router(LeadFirst).Plan(Warning with { AcknowledgedAt = At(1, 1, 0) }, At(1, 6, 0));

        Assert.Contains("lead1 tier-0", Sent(plan.Due));
        Assert.Empty(plan.Scheduled);
    }

    [Fact]
    public void Plan_RemindersDuringQuietHours_OneAtTheEnd_TheLatest()
    {
        var router = Router(LeadFirst);

        var night = router.Plan(Warning, At(1, 1, 0));
        var morning = router.Plan(Warning, At(1, 6, 0));

        Assert.Equal(["op2 reminder-1"], Sent(night.Due.Where(n => n.MessageKind.StartsWith("reminder", StringComparison.Ordinal))));
        Assert.Contains(night.Scheduled, n => n is { Recipient: "lead1", MessageKind: "reminder-1" } && n.DueAt == At(1, 6, 0));
        Assert.Equal(["lead1 reminder-3", "op2 reminder-3"], Sent(morning.Due.Where(n => n.MessageKind.StartsWith("reminder", StringComparison.Ordinal))));
    }

    [Fact]
    public void Plan_ResolvedDuringQuietHours_ResolvedMessageDeferred()
    {
        var plan = Router(LeadFirst).Plan(Warning with { ResolvedAt = At(1, 2, 0) }, At(1, 2, 0));

        Assert.Equal(["op2 reminder-1", "op2 resolved", "op2 tier-1"], Sent(plan.Due));
        Assert.Contains(plan.Scheduled, n => n is { Recipient: "lead1", MessageKind: "resolved" } && n.DueAt == At(1, 6, 0));
    }

    [Fact]
    public void Plan_Critical_ThroughQuietHours()
    {
        var plan = Router(LeadFirst).Plan(Warning with { Severity = AlertSeverity.Critical }, At(0, 23, 0));

        var tier0 = Assert.Single(plan.Due);
        Assert.Equal("lead1", tier0.Recipient);
        Assert.Equal(At(0, 23, 0), tier0.DueAt);
        Assert.False(tier0.Deferred);
    }

    [Fact]
    public void Plan_CriticalAtNight_EscalatesToQuietLeadsAtOnce()
    {
        var plan = Router().Plan(Alert(At(0, 23, 0)), At(0, 23, 15));

        Assert.Equal(["admin tier-1", "lead1 tier-1", "op2 tier-0", "ward1 tier-0"], Sent(plan.Due));
        Assert.All(plan.Due, n => Assert.False(n.Deferred));
    }
}
