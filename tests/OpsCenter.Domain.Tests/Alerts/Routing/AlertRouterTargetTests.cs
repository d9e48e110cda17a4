using OpsCenter.Domain.Alerts;
using OpsCenter.Domain.Alerts.Routing;
using static OpsCenter.Domain.Tests.Alerts.Routing.RoutingSamples;

namespace OpsCenter.Domain.Tests.Alerts.Routing;

/// <summary>Which policy takes an alert, and whom each target reaches.</summary>
public class AlertRouterTargetTests
{
    private static RoutingPolicy Policy(string id, RoutingMatch match) => new(id, [new(0, ["person:admin"])], match);

    [Fact]
    public void PolicyFor_FirstWhoseEveryCriterionMatches()
    {
        var document = Document with { Policies = [Critical, Warnings] };

        Assert.Equal("critical-city", Router(document).PolicyFor(Alert(At(0, 10, 0))).Id);
        Assert.Equal("warnings", Router(document).PolicyFor(Alert(At(0, 10, 0), AlertSeverity.Warning)).Id);
        // Critical but not systemDown: critical-city's kinds do not match, warnings' severities neither.
        Assert.Equal("(default)", Router(document).PolicyFor(Alert(At(0, 10, 0), kind: AlertRuleKind.SourceSilent)).Id);
    }

    [Fact]
    public void PolicyFor_EachCriterion()
    {
        var document = Document with
        {
            Policies =
            [
                Policy("by-unit", new(Units: ["26737", "26740"])),
                Policy("by-group", new(Groups: ["thu-duc"])),
                Policy("by-rule", new(Rules: ["late-above"])),
                Policy("by-kind", new(Kinds: [AlertRuleKind.Index766Drop])),
                Policy("by-severity", new(Severities: [AlertSeverity.Info])),
                Policy("unknown-group", new(Groups: ["nowhere"])),
            ],
        };
        var router = Router(document);
        var warning = Alert(At(0, 10, 0), AlertSeverity.Warning, AlertRuleKind.LateDossiersAbove, ["1"], "other");

        Assert.Equal("by-unit", router.PolicyFor(warning with { Units = ["1", "26740"] }).Id);
        Assert.Equal("by-group", router.PolicyFor(warning with { Units = ["26734"] }).Id);
        Assert.Equal("by-rule", router.PolicyFor(warning with { RuleId = "late-above" }).Id);
        Assert.Equal("by-kind", router.PolicyFor(warning with { Kind = AlertRuleKind.Index766Drop }).Id);
        Assert.Equal("by-severity", router.PolicyFor(warning with { Severity = AlertSeverity.Info }).Id);
        Assert.Equal("(default)", router.PolicyFor(warning).Id);
    }

    [Fact]
    public void PolicyFor_SeveralCriteria_AllMustMatch()
    {
        var document = Document with { Policies = [Policy("ward-critical", new(Units: ["26734"], Severities: [AlertSeverity.Critical]))] };

        Assert.Equal("ward-critical", Router(document).PolicyFor(Alert(At(0, 10, 0))).Id);
        Assert.Equal("(default)", Router(document).PolicyFor(Alert(At(0, 10, 0), AlertSeverity.Warning)).Id);
        Assert.Equal("(default)", Router(document).PolicyFor(Alert(At(0, 10, 0), units: ["26737"])).Id);
    }

    [Fact]
    public void Plan_NoPolicyMatches_DefaultPolicy_OperatorsAdminsAndUnitPeople_ResolvedToo()
    {
        var plan = Router(RoutingDocument.Empty).Plan(Alert(At(0, 10, 0)) with { ResolvedAt = At(0, 11, 0) }, At(0, 11, 0));

        Assert.Equal("(default)", plan.PolicyId);
        Assert.Equal(["admin", "lead1", "op1", "op2", "op3", "ward1", "ward2-admin"],
            plan.Due.Where(n => n.MessageKind == "tier-0").Select(n => n.Recipient).Order(StringComparer.Ordinal));
        Assert.Equal(7, plan.Due.Count(n => n.MessageKind == "resolved"));
        Assert.DoesNotContain(plan.Due, n => n.MessageKind.StartsWith("reminder", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_UnitPeople_DepartmentPeople_ElseTheUnitsAdmins_ElseSkipped()
    {
        var document = Document with { Policies = [new RoutingPolicy("units", [new(0, ["unitPeople"])])] };

        var plan = Router(document).Plan(Alert(At(0, 10, 0), units: ["26734", "26737", "99999"]), At(0, 10, 0));

        Assert.Equal(["ward1 tier-0", "ward2-admin tier-0"], Sent(plan.Due));
        Assert.Contains(new SkippedTarget("tier-0", "unitPeople", "ward1-old", "disabled"), plan.Skipped);
        Assert.Contains(new SkippedTarget("tier-0", "unitPeople", null, "unit 99999: no department people or admins"), plan.Skipped);
    }

    [Fact]
    public void Plan_PeopleWhoCannotBeReached_SkippedAndSaidSo()
    {
        var people = Staff.Select(p => p.Username switch
        {
            "admin" => p with { Disabled = true },
            "op1" => p with { Channels = [] },
            _ => p,
        }).ToList();
        var document = Document with { Policies = [new RoutingPolicy("all", [new(0, ["person:admin", "team:ops", "person:ghost", "role:briefing"])])] };

        var plan = Router(document, people).Plan(Alert(At(0, 10, 0)), At(0, 10, 0));

        Assert.Empty(plan.Due);
        Assert.Equal(
            [
                new SkippedTarget("tier-0", "person:admin", "admin", "disabled"),
                new SkippedTarget("tier-0", "team:ops", "op1", "no channel"),
                new SkippedTarget("tier-0", "person:ghost", "ghost", "unknown person"),
                new SkippedTarget("tier-0", "role:briefing", null, "nobody has the role"),
            ],
            plan.Skipped);
    }

    [Fact]
    public void Plan_TeamWithNobodyOnCall_SkippedSoTheCallerCanFallBack()
    {
        var weekdays = new RoutingTeam("weekdays", "Ngày thường", "Weekdays", [new([DayOfWeek.Monday], "08:00", "17:00", ["op1"])]);
        var document = new RoutingDocument([weekdays], [new RoutingPolicy("weekdays", [new(0, ["team:weekdays"])])]);

        var plan = Router(document).Plan(Alert(At(0, 18, 0)), At(0, 18, 0));

        Assert.Empty(plan.Due);
        Assert.Equal([new SkippedTarget("tier-0", "team:weekdays", null, "nobody on call")], plan.Skipped);
    }

    [Fact]
    public void Plan_SkipsOfLaterTiers_OnlyOnceTheyAreDue()
    {
        var document = Document with { Policies = [new RoutingPolicy("later", [new(0, ["person:op1"]), new(15, ["person:ghost"])])] };
        var router = Router(document);

        Assert.Empty(router.Plan(Alert(At(0, 10, 0)), At(0, 10, 14)).Skipped);
        Assert.Single(router.Plan(Alert(At(0, 10, 0)), At(0, 10, 15)).Skipped);
    }
}
