using System.Text.Json;
using Microsoft.Playwright;
using OpsCenter.Contracts.Ingest;

namespace OpsCenter.EndToEnd.Tests;

/// <summary>A wall view with one tile of every kind, written into the layouts folder the running Wall watches.</summary>
public static class TileLayouts
{
    public static readonly string[] Kinds =
        ["health-summary", "unit-grid", "health-matrix", "clock", "map", "kpi-strip", "falling-behind", "ranking-766", "changes", "incidents", "alerts", "late-ticker"];

    public static async Task<string> WriteAllKindsAsync(CenterFixture center, string scope)
    {
        var id = $"tiles-{Guid.NewGuid():N}"[..14];
        object Tile(string kind, int x, int y, int w, int h) => new { kind, scope, x, y, w, h };
        var layout = new
        {
            id,
            title = new { vi = $"Mọi loại ô ({scope})", en = $"Every tile kind ({scope})" },
            columns = 12,
            rows = 12,
            tiles = new[]
            {
                Tile("health-summary", 1, 1, 12, 1), Tile("unit-grid", 1, 2, 4, 3), Tile("health-matrix", 5, 2, 4, 3), Tile("clock", 9, 2, 4, 3),
                Tile("map", 1, 5, 4, 4), Tile("kpi-strip", 5, 5, 8, 2), Tile("falling-behind", 5, 7, 4, 2), Tile("ranking-766", 9, 7, 4, 2),
                Tile("changes", 1, 9, 4, 3), Tile("incidents", 5, 9, 4, 3), Tile("alerts", 9, 9, 4, 3), Tile("late-ticker", 1, 12, 12, 1),
            },
        };
        await File.WriteAllTextAsync(Path.Combine(center.LayoutsPath, id + ".json"), JsonSerializer.Serialize(layout), TestContext.Current.CancellationToken);
        return id;
    }

    /// <summary>Opens a view the Wall may not have read yet (it watches the folder): reload until it is there.</summary>
    public static async Task OpenAsync(IPage page, Uri gateway, string id)
    {
        await Eventually.TrueAsync(async () =>
        {
            await page.GotoAsync(new Uri(gateway, $"/wall/{id}").ToString());
            return await page.Locator($".wall[data-showing='{id}']").CountAsync() > 0;
        }, because: $"the Wall showing view {id}");
        await Assertions.Expect(page.Locator($".wall[data-showing='{id}']")).ToBeVisibleAsync();
    }

    public static ILocator Frame(IPage page, string kind) => page.Locator($"section[data-kind='{kind}'] .tile-frame");

    public static async Task ExpectFreshnessAsync(IPage page, string kind, string freshness, float timeout = 30_000) =>
        await Assertions.Expect(Frame(page, kind)).ToHaveAttributeAsync("data-freshness", freshness, new() { Timeout = timeout });

    public static DossierEventItem Dossier(string id, string unit, int status, DateTimeOffset at, DateTimeOffset appointment) => new()
    {
        DossierId = id, ProcedureCode = "2.000908", ProcedureName = "Chứng thực bản sao từ bản chính", Unit = unit,
        Channel = 2, Status = status, At = at, AppointmentAt = appointment,
    };
}
