using OpsCenter.Domain.Alerts;
using OpsCenter.Domain.Alerts.Routing;
using static OpsCenter.Domain.Tests.Alerts.Routing.RoutingSamples;

namespace OpsCenter.Domain.Tests.Alerts.Routing;

public class RoutingFileTests
{
    private const string Minimal = """
        {
          "teams": [ { "id": "ops", "name": "Trực vận hành", "nameEn": "Operations on call", "utcOffset": "+07:00",
                       "shifts": [ { "days": ["sunday"], "from": "19:30", "to": "07:30", "people": ["op1"] } ] } ],
          "policies": [ { "id": "critical-city",
                          "match": { "units": [], "groups": ["origin-binh-duong"], "rules": [], "kinds": ["systemDown"], "severities": ["critical"] },
                          "tiers": [ { "afterMinutes": 0, "notify": ["team:ops", "unitPeople"] }, { "afterMinutes": 15, "notify": ["person:admin", "role:admin"] } ],
                          "remindEveryMinutes": 120, "notifyResolved": true } ],
          "people": [ { "username": "op1", "quietHours": { "from": "22:00", "to": "06:00" }, "utcOffset": "+07:00" } ]
        }
        """;

    [Fact]
    public void Parse_DocumentAsWritten_EveryFieldRead()
    {
        var parse = RoutingFile.Parse(Minimal);

        Assert.True(parse.IsValid, string.Join("; ", parse.Errors));
        var document = parse.Document!;
        Assert.Equal([DayOfWeek.Sunday], document.Teams![0].Shifts[0].Days);
        Assert.Equal("07:30", document.Teams[0].Shifts[0].To);
        Assert.Equal([AlertRuleKind.SystemDown], document.Policies![0].Match!.Kinds);
        Assert.Equal([AlertSeverity.Critical], document.Policies[0].Match!.Severities);
        Assert.Equal(15, document.Policies[0].Tiers[1].AfterMinutes);
        Assert.Equal(120, document.Policies[0].RemindEveryMinutes);
        Assert.Equal("22:00", document.People![0].QuietHours!.From);
    }

    [Fact]
    public void Serialize_RoundTrip_SameDocument()
    {
        var json = RoutingFile.Serialize(Document);
        var again = RoutingFile.Parse(json);

        Assert.True(again.IsValid, string.Join("; ", again.Errors));
        Assert.Equal(json, RoutingFile.Serialize(again.Document!));
        Assert.Contains("\"days\": [\n", json.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("\"monday\"", json, StringComparison.Ordinal);
        Assert.Contains("\"systemDown\"", json, StringComparison.Ordinal);
        Assert.Contains("\"remindEveryMinutes\": 120", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"remindEveryMinutes\": 120", "\"remindEveryMinute\": 120", "policies[0]")]
    [InlineData("\"afterMinutes\": 15", "\"afterMinutes\": 15, \"after\": 15", "policies[0].tiers[1]")]
    [InlineData("\"username\": \"op1\"", "\"username\": \"op1\", \"quiet\": true", "people[0]")]
    public void Parse_UnknownField_Refused(string field, string misspelt, string where)
    {
        var parse = RoutingFile.Parse(Minimal.Replace(field, misspelt, StringComparison.Ordinal));

        Assert.False(parse.IsValid);
        Assert.Null(parse.Document);
        Assert.StartsWith(where, Assert.Single(parse.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"sunday\"", "\"sundae\"")]
    [InlineData("\"systemDown\"", "\"systemGone\"")]
    [InlineData("\"critical\"", "2")]
    [InlineData("\"afterMinutes\": 15", "\"afterMinutes\": \"15\"")]
    public void Parse_WrongValueType_Refused(string value, string wrong)
    {
        Assert.False(RoutingFile.Parse(Minimal.Replace(value, wrong, StringComparison.Ordinal)).IsValid);
    }

    [Fact]
    public void Parse_NotJson_Refused()
    {
        Assert.Equal(["$: a routing object is required"], RoutingFile.Parse("null").Errors);
        Assert.False(RoutingFile.Parse("{ teams: ").IsValid);
    }

    [Fact]
    public void Parse_Empty_ValidAndEverythingTakesTheDefault()
    {
        var parse = RoutingFile.Parse("{}");

        Assert.True(parse.IsValid);
        Assert.Equal("(default)", new AlertRouter(parse.Document!, Staff, Groups).PolicyFor(Alert(At(0, 10, 0))).Id);
    }

    [Fact]
    public void Parse_TheSampleFile_ParsesAndValidates()
    {
        var parse = RoutingFile.Parse(File.ReadAllText(SampleFile()));

        Assert.True(parse.IsValid, string.Join("; ", parse.Errors));
        var document = parse.Document!;
        Assert.Equal(["ops", "leads"], document.Teams!.Select(t => t.Id));
        // Friday night runs to Saturday 07:30; the weekend shift (24 h from 07:30) runs into Monday morning.
        Assert.Equal(["vanhanh.binh"], Rota.OnCall(document.Teams![0], At(5, 3, 0)));
        Assert.Equal(["vanhanh.chi"], Rota.OnCall(document.Teams[0], At(7, 3, 0)));
        Assert.Equal(["admin"], Rota.OnCall(document.Teams[1], At(2, 3, 0)));
    }

    /// <summary>dashboards/alerts/routing/routing.json in the checkout.</summary>
    private static string SampleFile() => Path.Combine(RepositoryPaths.Root, "dashboards", "alerts", "routing", "routing.json");
}
