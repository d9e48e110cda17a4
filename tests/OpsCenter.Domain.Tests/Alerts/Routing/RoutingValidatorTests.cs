using OpsCenter.Domain.Alerts;
using OpsCenter.Domain.Alerts.Routing;
using static OpsCenter.Domain.Tests.Alerts.Routing.RoutingSamples;

namespace OpsCenter.Domain.Tests.Alerts.Routing;

public class RoutingValidatorTests
{
    private static IReadOnlyList<string> Errors(RoutingDocument document) => RoutingValidator.Validate(document);

    [Fact]
    public void Validate_TheSampleDocument_Good()
    {
        Assert.Empty(Errors(Document));
        Assert.Empty(Errors(RoutingDocument.Empty));
    }

    [Theory]
    [InlineData(-1, "policies[1].tiers[1].afterMinutes: 0-10080")]
    [InlineData(10081, "policies[1].tiers[1].afterMinutes: 0-10080")]
    [InlineData(0, "policies[1].tiers[1].afterMinutes: later than the tier before (0)")]
    public void Validate_TierMinutes_NamesTheField(int minutes, string expected)
    {
        var document = Document with { Policies = [Critical, Warnings with { Tiers = [new(0, ["team:ops"]), new(minutes, ["team:leads"])] }] };

        Assert.Equal([expected], Errors(document));
    }

    [Fact]
    public void Validate_FirstTierNotAtZero_Refused()
    {
        var document = Document with { Policies = [Critical with { Tiers = [new(5, ["team:ops"])] }] };

        Assert.Equal(["policies[0].tiers[0].afterMinutes: the first tier is notified when the alert fires (0)"], Errors(document));
    }

    [Fact]
    public void Validate_Targets_EachNamed()
    {
        var document = Document with { Policies = [Critical with { Tiers = [new(0, ["team:night", "role:boss", "person:", "everyone", ""]), new(15, [])] }] };

        Assert.Equal(
            [
                "policies[0].tiers[0].notify[0]: no team 'night'",
                "policies[0].tiers[0].notify[1]: role:<operator|briefing|department|admin>",
                "policies[0].tiers[0].notify[2]: person:<username>",
                "policies[0].tiers[0].notify[3]: person:<username>, team:<id>, role:<role> or unitPeople",
                "policies[0].tiers[0].notify[4]: a target is required",
                "policies[0].tiers[1].notify: at least one target",
            ],
            Errors(document));
    }

    [Fact]
    public void Validate_Policy_IdsRemindersTiersAndMatch()
    {
        var document = Document with
        {
            Policies =
            [
                Critical with { Id = "Critical City", RemindEveryMinutes = 0 },
                Warnings with { Tiers = [] },
                Warnings with { Match = new RoutingMatch(Units: [""], Kinds: [(AlertRuleKind)99], Severities: [(AlertSeverity)9]) },
            ],
        };

        Assert.Equal(
            [
                "policies[0].id: 1-64 lowercase letters, digits or '-'",
                "policies[0].remindEveryMinutes: 1-10080, or absent for no reminders",
                "policies[1].tiers: 1-10 tiers",
                "policies[2].match.units: no empty entries",
                "policies[2].match.kinds: unknown kind",
                "policies[2].match.severities: unknown severity",
                "policies: id 'warnings' is used 2 times",
            ],
            Errors(document));
    }

    [Fact]
    public void Validate_Teams_ShiftsTimesAndOffsets()
    {
        var document = Document with
        {
            Teams =
            [
                Ops with { UtcOffset = "+7", Name = "" },
                Leads with { Shifts = [new([], "24:00", "7:30", [])] },
                Leads with { Shifts = [] },
            ],
        };

        Assert.Equal(
            [
                "teams[0].name: 1-200 characters",
                "teams[0].utcOffset: +HH:mm or -HH:mm, at most 14:00",
                "teams[1].shifts[0].days: one or more of monday-sunday, each once",
                "teams[1].shifts[0].from: HH:mm, 00:00-23:59",
                "teams[1].shifts[0].to: HH:mm, 00:00-23:59",
                "teams[1].shifts[0].people: one or more usernames",
                "teams[2].shifts: at least one shift",
                "teams: id 'leads' is used 2 times",
            ],
            Errors(document));
    }

    [Fact]
    public void Validate_People_QuietHoursAndDuplicates()
    {
        var document = Document with
        {
            People =
            [
                new("op1", new RoutingQuietHours("22:00", "22:00")),
                new("op1", new RoutingQuietHours("22h", "06:00"), "+15:00"),
                new(""),
            ],
        };

        Assert.Equal(
            [
                "people[0].quietHours.to: differs from the start (quiet hours cannot last all day)",
                "people[1].utcOffset: +HH:mm or -HH:mm, at most 14:00",
                "people[1].quietHours.from: HH:mm, 00:00-23:59",
                "people[2].username: 1-200 characters",
                "people: username 'op1' is used 2 times",
            ],
            Errors(document));
    }

    [Fact]
    public void Parse_BadDocument_RefusedWholeWithEveryReason()
    {
        var json = RoutingFile.Serialize(Document).Replace("\"afterMinutes\": 15", "\"afterMinutes\": 20000", StringComparison.Ordinal)
            .Replace("\"22:00\"", "\"25:00\"", StringComparison.Ordinal);

        var parse = RoutingFile.Parse(json);

        Assert.Null(parse.Document);
        Assert.Contains("policies[0].tiers[1].afterMinutes: 0-10080", parse.Errors);
        Assert.Contains("people[0].quietHours.from: HH:mm, 00:00-23:59", parse.Errors);
    }

    [Fact]
    public void Parse_UnknownField_ErrorNamesWhere()
    {
        var json = RoutingFile.Serialize(Document).Replace("\"afterMinutes\": 15", "\"afterMinute\": 15", StringComparison.Ordinal);

        var error = Assert.Single(RoutingFile.Parse(json).Errors);

        Assert.StartsWith("policies[0].tiers[1]", error, StringComparison.Ordinal);
        Assert.Contains("afterMinute", error, StringComparison.Ordinal);
    }
}
