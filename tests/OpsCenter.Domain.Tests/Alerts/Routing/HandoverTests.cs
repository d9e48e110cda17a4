using OpsCenter.Domain.Alerts;
using OpsCenter.Domain.Alerts.Routing;
using static OpsCenter.Domain.Tests.Alerts.Routing.RoutingSamples;

namespace OpsCenter.Domain.Tests.Alerts.Routing;

public class HandoverTests
{
    private static readonly RoutedAlert Open = Alert(At(0, 18, 0));

    [Fact]
    public void Handovers_ShiftChange_IncomingPersonToldTheOpenUnacknowledgedAlerts()
    {
        var acknowledged = Alert(At(0, 17, 0), ruleId: "acked") with { AcknowledgedAt = At(0, 17, 5) };
        var resolved = Alert(At(0, 16, 0), ruleId: "resolved") with { ResolvedAt = At(0, 19, 0) };
        var later = Alert(At(0, 19, 45), ruleId: "later");
        var warning = Alert(At(0, 12, 0), AlertSeverity.Warning, ruleId: "warning");

        var handovers = Router().Handovers([Open, acknowledged, resolved, later, warning], At(0, 19, 0), At(0, 20, 0));

        var handover = Assert.Single(handovers);
        Assert.Equal("op2", handover.Recipient);
        Assert.Equal("ops", handover.TeamId);
        Assert.Equal("handover:ops:2026-12-07T19:30:00+07:00", handover.MessageKind);
        Assert.Equal(At(0, 19, 30), handover.DueAt);
        Assert.Equal([warning.Key, Open.Key], handover.AlertKeys);
    }

    [Fact]
    public void Handovers_AcknowledgedBeforeTheChange_NothingToHandOver()
    {
        Assert.Empty(Router().Handovers([Open with { AcknowledgedAt = At(0, 19, 29) }], At(0, 19, 0), At(0, 20, 0)));
    }

    [Fact]
    public void Handovers_WeekBoundary_SundayNightThenMondayMorning()
    {
        var sunday = Alert(At(6, 18, 0));

        var handovers = Router().Handovers([sunday], At(6, 19, 0), At(7, 8, 0));

        Assert.Equal(["op3 handover:ops:2026-12-13T19:30:00+07:00", "op1 handover:ops:2026-12-14T07:30:00+07:00"],
            handovers.Select(h => $"{h.Recipient} {h.MessageKind}"));
    }

    [Fact]
    public void Handovers_IntervalOpenAtItsStart_EachChangeOnce()
    {
        var router = Router();

        Assert.Single(router.Handovers([Open], At(0, 19, 0), At(0, 19, 30)));
        Assert.Empty(router.Handovers([Open], At(0, 19, 30), At(0, 20, 0)));
    }

    [Fact]
    public void Handovers_PersonOnBothShifts_NotIncoming()
    {
        var team = new RoutingTeam("ops", "Trực", "Ops", [new([DayOfWeek.Monday], "08:00", "20:00", ["op1", "op2"]), new([DayOfWeek.Monday], "20:00", "23:00", ["op2", "op3"])]);
        var document = Document with { Teams = [team, Leads] };

        var handovers = Router(document).Handovers([Open], At(0, 19, 0), At(0, 21, 0));

        Assert.Equal(["op3"], handovers.Select(h => h.Recipient));
    }

    [Fact]
    public void Handovers_AlertsOfOtherTeamsOnly_NoHandover()
    {
        var document = Document with { Policies = [new RoutingPolicy("leads-only", [new(0, ["team:leads"])])] };

        Assert.Empty(Router(document).Handovers([Open], At(0, 19, 0), At(0, 20, 0)));
    }
}
