using System.Net;
using System.Net.Http.Json;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Contracts.Embed;
using OpsCenter.Contracts.Query;

namespace OpsCenter.Wall.Briefing;

/// <summary>
/// The aggregator's query API for the briefing pages, a typed client read with the Wall's own service
/// key (it may read every unit; address and key are set where it is registered). The pages check each
/// person's scope before they call it: see <see cref="Access.AccessNames.CanSee"/>.
/// </summary>
public sealed class QueryClient(HttpClient http)
{
    public static readonly string[] Periods = ["today", "week", "month", "quarter", "year"];

    /// <summary>Events the live state could not apply (admins only: the page checks).</summary>
    public Task<QuarantineList?> QuarantineAsync(CancellationToken cancellationToken) =>
        GetAsync<QuarantineList>("quarantine", cancellationToken);

    public Task<UnitView?> UnitAsync(string code, CancellationToken cancellationToken) =>
        GetAsync<UnitView>($"units/{Esc(code)}", cancellationToken);

    public async Task<IReadOnlyList<UnitView>> ChildrenAsync(string code, CancellationToken cancellationToken) =>
        await GetAsync<UnitView[]>($"units/{Esc(code)}/children", cancellationToken) ?? [];

    public Task<UnitKpiReport?> KpisAsync(string code, string period, CancellationToken cancellationToken) =>
        GetAsync<UnitKpiReport>($"units/{Esc(code)}/kpis?period={Esc(period)}", cancellationToken);

    public Task<Ranking?> RankingAsync(string by, string among, string period, CancellationToken cancellationToken) =>
        GetAsync<Ranking>($"rankings?by={Esc(by)}&among={Esc(among)}&period={Esc(period)}", cancellationToken);

    public Task<Series?> SeriesAsync(string code, string kpi, string range, CancellationToken cancellationToken) =>
        GetAsync<Series>($"units/{Esc(code)}/series?kpi={Esc(kpi)}&range={Esc(range)}", cancellationToken);

    public Task<UnitHealth?> HealthAsync(string code, CancellationToken cancellationToken) =>
        GetAsync<UnitHealth>($"units/{Esc(code)}/health", cancellationToken);

    public Task<SystemTimeline?> TimelineAsync(string code, string system, string range, CancellationToken cancellationToken) =>
        GetAsync<SystemTimeline>($"units/{Esc(code)}/systems/{Esc(system)}/timeline?range={Esc(range)}", cancellationToken);

    public Task<LateDossierList?> LateDossiersAsync(string code, int limit, CancellationToken cancellationToken) =>
        GetAsync<LateDossierList>($"units/{Esc(code)}/late-dossiers?limit={limit}", cancellationToken);

    public Task<DossierDetail?> DossierAsync(string code, string id, CancellationToken cancellationToken) =>
        GetAsync<DossierDetail>($"units/{Esc(code)}/dossiers/{Esc(id)}", cancellationToken);

    public Task<ChangeList?> ChangesAsync(string code, int limit, CancellationToken cancellationToken) =>
        GetAsync<ChangeList>($"changes?unit={Esc(code)}&limit={limit}", cancellationToken);

    public Task<IncidentList?> IncidentsAsync(string code, CancellationToken cancellationToken) =>
        GetAsync<IncidentList>($"units/{Esc(code)}/incidents", cancellationToken);

    /// <summary>Alerts (<paramref name="state"/> open or all), newest first; <paramref name="unit"/> limits them to alerts listing that unit.</summary>
    public Task<AlertList?> AlertsAsync(string state, string? unit, int limit, CancellationToken cancellationToken) =>
        GetAsync<AlertList>($"alerts?state={Esc(state)}&limit={limit}" + (unit is null ? "" : $"&unit={Esc(unit)}"), cancellationToken);

    /// <summary>One alert with its timeline; null when unknown.</summary>
    public Task<AlertView?> AlertAsync(string key, CancellationToken cancellationToken) =>
        GetAsync<AlertView>($"alerts/detail?key={Esc(key)}", cancellationToken);

    /// <summary>A unit's alerts of one ISO week (<c>2026-W49</c>).</summary>
    public Task<AlertWeeklyReport?> AlertReportAsync(string unit, string week, CancellationToken cancellationToken) =>
        GetAsync<AlertWeeklyReport>($"alerts/report?unit={Esc(unit)}&week={Esc(week)}", cancellationToken);

    /// <summary>The embed widget's script path and integrity hash, for the snippets people copy.</summary>
    public Task<EmbedManifest?> EmbedManifestAsync(CancellationToken cancellationToken) =>
        http.GetFromJsonAsync<EmbedManifest>("/embed/v1/manifest.json", WireJson.Options, cancellationToken);

    /// <summary>Null when the unit is unknown (404); other failures throw, and the page says the data could not be read.</summary>
    private async Task<T?> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("/api/query/v1/" + path, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return default;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(WireJson.Options, cancellationToken);
    }

    private static string Esc(string value) => Uri.EscapeDataString(value);
}
