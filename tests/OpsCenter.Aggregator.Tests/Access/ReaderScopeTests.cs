using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using OpsCenter.Aggregator.Query;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Live;
using OpsCenter.Contracts.Query;

namespace OpsCenter.Aggregator.Tests.Access;

/// <summary>A key scoped to unit 26740 (<see cref="AggregatorApp.ScopedKey"/>) reads that unit and nothing else.</summary>
public class ReaderScopeTests(AggregatorApp app) : IClassFixture<AggregatorApp>
{
    public static TheoryData<string> EveryKind(string unit) =>
    [
        $"/api/query/v1/units/{unit}",
        $"/api/query/v1/units/{unit}/children",
        $"/api/query/v1/units/{unit}/kpis?period=month",
        $"/api/query/v1/units/{unit}/late-dossiers",
        $"/api/query/v1/units/{unit}/series?kpi=received&range=7d",
        $"/api/query/v1/units/{unit}/health",
        $"/api/query/v1/units/{unit}/systems/civil-status/timeline?range=24h",
        $"/api/query/v1/units/{unit}/incidents",
        $"/api/query/v1/changes?unit={unit}",
        $"/api/query/v1/alerts?unit={unit}",
        $"/api/query/v1/alerts/report?unit={unit}",
    ];

    public static TheoryData<string> OtherUnit => EveryKind("26737");

    public static TheoryData<string> TheCity => EveryKind("79");

    public static TheoryData<string> AGroup => EveryKind("origin-hcmc");

    public static TheoryData<string> OwnUnit => EveryKind(AggregatorApp.ScopedUnit);

    [Theory]
    [MemberData(nameof(OtherUnit))]
    [MemberData(nameof(TheCity))]
    [MemberData(nameof(AGroup))]
    public async Task Get_ScopedKeyOutsideItsUnit_Is403Problem(string path)
    {
        var response = await app.CreateReader(AggregatorApp.ScopedKey).GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(OwnUnit))]
    public async Task Get_ScopedKeyOnItsUnit_Is200(string path)
    {
        var response = await app.CreateReader(AggregatorApp.ScopedKey).GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(OtherUnit))]
    public async Task Get_ServiceKeyAnywhere_Is200(string path)
    {
        var response = await app.CreateReader().GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Changes_ScopedKeyWithoutUnit_ReadsItsOwnUnit()
    {
        var list = await app.CreateReader(AggregatorApp.ScopedKey).GetFromJsonAsync<ChangeList>("/api/query/v1/changes", WireJson.Options, TestContext.Current.CancellationToken);

        Assert.Equal(AggregatorApp.ScopedUnit, list!.Unit);
    }

    [Theory]
    [InlineData("availability")]
    [InlineData("onTimeRate")]
    [InlineData("freshness")]
    public async Task Rankings_ScopedKey_OnlyItsOwnRow(string by)
    {
        var ranking = await app.CreateReader(AggregatorApp.ScopedKey).GetFromJsonAsync<Ranking>($"/api/query/v1/rankings?by={by}", WireJson.Options, TestContext.Current.CancellationToken);

        Assert.Equal(AggregatorApp.ScopedUnit, Assert.Single(ranking!.Rows).Unit);
    }

    [Theory]
    [InlineData("unit:26737")]
    [InlineData("city")]
    [InlineData("group:origin-hcmc")]
    public async Task Subscribe_ScopedKeyOutsideItsUnit_IsRefused(string scope)
    {
        await using var connection = app.CreateHubConnection(AggregatorApp.ScopedKey);
        await connection.StartAsync(TestContext.Current.CancellationToken);

        var refused = await Assert.ThrowsAsync<HubException>(() =>
            connection.InvokeAsync<LiveSnapshot>(LiveHub.Subscribe, scope, TestContext.Current.CancellationToken));

        Assert.Contains("unit:26740", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_ScopedKeyOnItsUnit_GetsSnapshot()
    {
        await using var connection = app.CreateHubConnection(AggregatorApp.ScopedKey);
        await connection.StartAsync(TestContext.Current.CancellationToken);

        var snapshot = await connection.InvokeAsync<LiveSnapshot>(LiveHub.Subscribe, "unit:26740", TestContext.Current.CancellationToken);

        Assert.Equal("26740", Assert.Single(snapshot.Units).Unit);
    }
}
