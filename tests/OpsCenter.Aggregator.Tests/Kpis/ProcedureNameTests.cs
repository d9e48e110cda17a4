using System.Net.Http.Json;
using OpsCenter.Contracts.Query;
using static OpsCenter.Aggregator.Tests.FakeClockApp;

namespace OpsCenter.Aggregator.Tests.Kpis;

/// <summary>A procedure's name is the one its own unit's sources gave: one ward cannot rename what another ward's dossiers show.</summary>
public class ProcedureNameTests(FakeClockApp app) : IClassFixture<FakeClockApp>
{
    private async Task<DossierDetail?> DossierAsync(string unit, string id)
    {
        using var response = await app.CreateReader().GetAsync($"/api/query/v1/units/{unit}/dossiers/{id}", TestContext.Current.CancellationToken);
        return response.IsSuccessStatusCode
            ? await response.Content.ReadFromJsonAsync<DossierDetail>(Contracts.WireJson.Options, TestContext.Current.CancellationToken)
            : null;
    }

    [Fact]
    public async Task SameProcedureCode_TwoWardsNames_EachDossierShowsItsOwnWards()
    {
        var at = Start.AddHours(-3);
        var honest = Event("N-1", "1.001193", 2, at, at.AddDays(2));
        honest.ProcedureName = "Đăng ký khai sinh";
        await app.AppendDossierAsync("26740", honest);
        var rogue = Event("N-2", "1.001193", 2, at.AddMinutes(5), at.AddDays(2));
        rogue.ProcedureName = "Thủ tục đã bị huỷ - liên hệ số lạ";
        await app.AppendDossierAsync("26743", rogue);

        var ours = await Eventually.MatchAsync(() => DossierAsync("26740", "N-1"), d => d is not null);
        var theirs = await Eventually.MatchAsync(() => DossierAsync("26743", "N-2"), d => d is not null);

        Assert.Equal("Đăng ký khai sinh", ours!.ProcedureName);
        Assert.Equal("Thủ tục đã bị huỷ - liên hệ số lạ", theirs!.ProcedureName);
    }
}
