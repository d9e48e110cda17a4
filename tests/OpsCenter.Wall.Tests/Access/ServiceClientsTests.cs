using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpsCenter.Wall.Access;
using OpsCenter.Wall.Briefing;
using OpsCenter.Wall.Extensions;

namespace OpsCenter.Wall.Tests.Access;

/// <summary>
/// How the Wall's typed clients find the collector and the aggregator: by the AppHost's service
/// references (what the whole center runs on) when no URL is configured, and with the key on every request.
/// </summary>
public sealed class ServiceClientsTests
{
    [Fact]
    public async Task TypedClients_WithoutConfiguredUrls_FindTheServicesByTheirReferences()
    {
        await using var standIn = await StandInCollector.StartAsync();
        var builder = WebApplication.CreateBuilder();
        // What the AppHost's WithReference(collector) / WithReference(aggregator) inject; no Access:CollectorUrl, no LiveMirror:AggregatorUrl.
        builder.Configuration["services:collector:http:0"] = standIn.Address.ToString();
        builder.Configuration["services:aggregator:http:0"] = standIn.Address.ToString();
        builder.Configuration["Access:AdminKey"] = "test-admin-key";
        builder.AddServiceDefaults();
        builder.AddWallServices();
        builder.Services.AddWallAccess(builder.Configuration);
        await using var app = builder.Build();
        var admin = app.Services.GetRequiredService<CollectorAdmin>();
        var query = app.Services.GetRequiredService<QueryClient>();

        var session = await admin.SessionAsync("operator-1", TestContext.Current.CancellationToken);
        var report = await query.AlertReportAsync(StandInCollector.Unit, "2026-W49", TestContext.Current.CancellationToken);

        Assert.Equal("stamp-1", session?.Stamp);
        Assert.Equal(StandInCollector.Unit, report?.Unit);
    }

    [Theory]
    [InlineData(null, "https+http://collector/")]
    [InlineData("", "https+http://collector/")]
    [InlineData("http://10.0.0.5:8080", "http://10.0.0.5:8080/")]
    public void ServiceAddress_ConfiguredUrlOrServiceName_IsTheBaseAddress(string? configured, string expected) =>
        Assert.Equal(expected, ServiceAddress.Of(configured, AccessServiceExtensions.CollectorService).ToString());

    [Fact]
    public async Task ServiceKeyHandler_EveryRequest_CarriesTheKeyAsBearer()
    {
        using var invoker = new HttpMessageInvoker(new ServiceKeyHandler("k-1") { InnerHandler = new Echo() });
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://collector/api/admin/v1/groups");

        using var response = await invoker.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("Bearer k-1", request.Headers.Authorization?.ToString());
    }

    private sealed class Echo : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
    }
}
