using OpsCenter.Domain.Alerts;

namespace OpsCenter.Domain.Tests.Alerts;

public class AlertRuleSetTests
{
    private static readonly AlertRule[] Rules =
    [
        new("civil-status-down", "Hộ tịch ngừng", "Civil status down", AlertRuleKind.SystemDown, AlertSeverity.Critical,
            AlertScope.AllUnits, 5, 10, System: "civil-status", IncludeDegraded: true),
        new("source-silent", "Nguồn im lặng", "Source silent", AlertRuleKind.SourceSilent, AlertSeverity.Warning,
            AlertScope.OfGroup("origin-binh-duong", ["25747", "25750"]), 10, 5),
        new("late-above", "Trễ hạn nhiều", "Many late", AlertRuleKind.LateDossiersAbove, AlertSeverity.Warning,
            AlertScope.OfUnit("26734"), 0, 30, Threshold: 50),
        new("late-rising", "Trễ hạn tăng", "Late rising", AlertRuleKind.LateDossiersRising, AlertSeverity.Info,
            AlertScope.AllUnits, Threshold: 20, PeriodMinutes: 60),
        new("on-time", "Đúng hạn thấp", "On-time low", AlertRuleKind.OnTimeRateBelow, AlertSeverity.Warning,
            AlertScope.AllUnits, Threshold: 0.9, Enabled: false),
        new("index-766", "766 giảm", "766 drop", AlertRuleKind.Index766Drop, AlertSeverity.Warning,
            AlertScope.AllUnits, Threshold: 2.5, PeriodMinutes: 1440),
        new("incident", "Sự cố", "Incident", AlertRuleKind.IncidentSeverity, AlertSeverity.Critical,
            AlertScope.AllUnits, 0, 0, Threshold: 3),
        new("collector", "Bộ thu", "Collector", AlertRuleKind.OpsCenterHealth, AlertSeverity.Critical,
            AlertScope.AllUnits, 1, 1, Component: "collector"),
    ];

    [Fact]
    public void Serialize_WritesMinutesOnly_NotTheTimeSpans_AndStillReadsSetsWrittenWithThem()
    {
        var json = AlertRuleSet.Serialize(Rules);

        Assert.DoesNotContain("\"hold\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"clear\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"period\"", json, StringComparison.Ordinal);
        Assert.Contains("\"holdMinutes\"", json, StringComparison.Ordinal);
        var older = json.Replace("\"holdMinutes\"", "\"hold\": \"00:05:00\", \"clear\": \"00:05:00\", \"period\": \"00:00:00\", \"holdMinutes\"", StringComparison.Ordinal);
        var parsed = AlertRuleSet.Parse(older);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
        Assert.Equal(json, AlertRuleSet.Serialize(parsed.Rules));
    }

    [Fact]
    public void Serialize_ThenParse_RoundTripsEveryKind()
    {
        var json = AlertRuleSet.Serialize(Rules);

        var parsed = AlertRuleSet.Parse(json);

        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
        Assert.Equal(Rules.Length, parsed.Rules.Count);
        Assert.Equal(json, AlertRuleSet.Serialize(parsed.Rules));
        Assert.Equal(Rules[1].Scope.Units, parsed.Rules[1].Scope.Units);
        Assert.Equal(Rules[2] with { Scope = parsed.Rules[2].Scope }, parsed.Rules[2]);
    }

    [Fact]
    public void Serialize_UsesCamelCaseAndEnumNames()
    {
        var json = AlertRuleSet.Serialize(Rules);

        Assert.Contains("\"holdMinutes\": 5", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"systemDown\"", json, StringComparison.Ordinal);
        Assert.Contains("\"severity\": \"critical\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"component\": null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SetWithOneBadRule_IsRefusedAsAWholeWithItsReason()
    {
        var json = AlertRuleSet.Serialize([Rules[0], Rules[1] with { HoldMinutes = 5000 }, Rules[2]]);

        var parsed = AlertRuleSet.Parse(json);

        Assert.False(parsed.IsValid);
        Assert.Empty(parsed.Rules);
        Assert.Equal(["rules[1].holdMinutes: 0-1440"], parsed.Errors);
        Assert.NotNull(parsed.Entries[0].Rule);
        Assert.Null(parsed.Entries[1].Rule);
    }

    [Fact]
    public void Parse_HandWrittenFile_ReadsDefaults()
    {
        const string json = """
            { "rules": [ { "id": "down", "name": "Ngừng", "nameEn": "Down", "kind": "systemDown",
                           "severity": "critical", "scope": { "kind": "all" } } ] }
            """;

        var rule = Assert.Single(AlertRuleSet.Parse(json).Rules);

        Assert.Equal(5, rule.HoldMinutes);
        Assert.True(rule.Enabled);
        Assert.Null(rule.System);
    }

    [Theory]
    [InlineData("""{ "rules": [ { "id": "down", "name": "N", "nameEn": "N", "kind": "systemDown", "severity": "critical", "scope": { "kind": "all" }, "holdMinuts": 3 } ] }""", "holdMinuts")]
    [InlineData("""{ "rules": [ { "id": "down", "name": "N", "nameEn": "N", "kind": "systemSometimesDown", "severity": "critical", "scope": { "kind": "all" } } ] }""", "rules[0]")]
    [InlineData("""{ "rules": [ { "name": "N", "nameEn": "N", "kind": "systemDown", "severity": "critical", "scope": { "kind": "all" } } ] }""", "id")]
    [InlineData("""{ "rule": [] }""", "rules: an array of rules is required")]
    [InlineData("""{ "rules": [ """, "$: not JSON")]
    public void Parse_MalformedFile_IsRefusedWithAReason(string json, string mentioned)
    {
        var parsed = AlertRuleSet.Parse(json);

        Assert.False(parsed.IsValid);
        Assert.Contains(parsed.Errors, e => e.Contains(mentioned, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_DuplicateIds_IsRefused()
    {
        var parsed = AlertRuleSet.Parse(AlertRuleSet.Serialize([Rules[0], Rules[0]]));

        Assert.Equal(["rules: id 'civil-status-down' is used 2 times"], parsed.Errors);
    }
}
