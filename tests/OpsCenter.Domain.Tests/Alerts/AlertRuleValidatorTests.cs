using OpsCenter.Domain.Alerts;

namespace OpsCenter.Domain.Tests.Alerts;

public class AlertRuleValidatorTests
{
    private static readonly AlertRule Good = new(
        "civil-status-down", "Hộ tịch ngừng", "Civil status down", AlertRuleKind.SystemDown, AlertSeverity.Critical,
        AlertScope.AllUnits, HoldMinutes: 5, ClearMinutes: 5, System: "civil-status");

    [Fact]
    public void Validate_GoodRule_HasNoErrors() => Assert.Empty(AlertRuleValidator.Validate(Good));

    public static TheoryData<AlertRule, string> BadRules => new()
    {
        { Good with { HoldMinutes = 1441 }, "holdMinutes: 0-1440" },
        { Good with { HoldMinutes = -1 }, "holdMinutes: 0-1440" },
        { Good with { ClearMinutes = 5000 }, "clearMinutes: 0-1440" },
        { Good with { Id = "Bad Id" }, "id: 1-64 lowercase letters, digits or '-'" },
        { Good with { Name = " " }, "name: 1-200 characters" },
        { Good with { NameEn = "" }, "nameEn: 1-200 characters" },
        { Good with { Scope = new AlertScope(AlertScopeKind.Unit) }, "scope.unit: required for a unit scope" },
        { Good with { Scope = new AlertScope(AlertScopeKind.Group, "g", []) }, "scope.units: a group scope lists its units" },
        { Good with { Scope = new AlertScope(AlertScopeKind.Group, null, ["26734"]) }, "scope.groupId: required for a group scope" },
        { Good with { Kind = AlertRuleKind.LateDossiersAbove }, "threshold: a count, 0-1000000" },
        { Good with { Kind = AlertRuleKind.LateDossiersRising, Threshold = 5 }, "periodMinutes: 1-10080" },
        { Good with { Kind = AlertRuleKind.OnTimeRateBelow, Threshold = 95 }, "threshold: a fraction, 0-1" },
        { Good with { Kind = AlertRuleKind.Index766Drop, Threshold = 5, PeriodMinutes = 0 }, "periodMinutes: 1-10080" },
        { Good with { Kind = AlertRuleKind.IncidentSeverity, Threshold = 5 }, "threshold: an incident severity level, 1-4 (as ingest accepts)" },
        { Good with { Kind = AlertRuleKind.OpsCenterHealth }, "component: required for opsCenterHealth" },
        { Good with { Severity = (AlertSeverity)42 }, "severity: unknown" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public void Validate_BadValue_NamesTheField(AlertRule rule, string reason) =>
        Assert.Equal([reason], AlertRuleValidator.Validate(rule));

    [Fact]
    public void ValidateSet_DuplicateIdsAndBadRule_ReportsEveryReasonWithItsPosition()
    {
        var errors = AlertRuleValidator.ValidateSet([Good, Good with { HoldMinutes = 2000 }]);

        Assert.Equal(["rules[1].holdMinutes: 0-1440", "rules: id 'civil-status-down' is used 2 times"], errors);
    }
}
