using Bunit;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Contracts.Live;
using OpsCenter.Contracts.Query;
using OpsCenter.Domain.Dossiers;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;
using OpsCenter.Wall.Components.Tiles;
using OpsCenter.Wall.Live;
using static OpsCenter.Wall.Tests.Live.LiveData;

namespace OpsCenter.Wall.Tests.Components.Tiles;

/// <summary>
/// Every tile kind of the registry, rendered in-process from data: what it says, in Vietnamese (the
/// wall's language) and English, with its footer's age. (The browser tests keep what needs Chromium:
/// live updates end to end, layout on a 1920x1080 screen, screenshots.)
/// </summary>
public sealed class TileKindRenderTests : TileRendering
{
    public static TheoryData<string> Kinds => [.. TileKinds.All.Select(k => k.Name)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKind_RendersItsComponent_AndSaysItHasNoDataYet(string kind)
    {
        var tile = Render(kind);

        Assert.NotEmpty(tile.Find(".tile-content").Children);
        Assert.Empty(tile.FindAll(".tile-unknown"));
        Assert.Equal("missing", tile.Find(".tile-frame").GetAttribute("data-freshness"));
        Assert.Equal("Chưa có dữ liệu", Text(tile, "[data-testid='tile-age']"));
    }

    [Fact]
    public void AnUnknownKind_SaysSo_InBothLanguages()
    {
        Assert.Equal("Loại ô 'weather' chưa được hỗ trợ", Text(Render("weather"), ".tile-unknown"));
        Assert.Equal("Tile kind 'weather' is not supported", Text(Render("weather", culture: "en-US"), ".tile-unknown"));
    }

    [Fact]
    public void UnitGrid_ShowsTheScopesUnits_TheirStateAndAge()
    {
        Parts.Mirror.Put(Tile(Ward, SystemState.Down, Now.AddMinutes(-2)));

        var tile = Render("unit-grid");

        var cell = tile.Find($"[data-unit='{Ward}']");
        Assert.Single(tile.FindAll("[data-unit]"));
        Assert.Equal("Down", cell.GetAttribute("data-state"));
        Assert.Equal(Unit(Ward).Name, Text(cell.QuerySelector(".unit-name")!));
        Assert.Equal("2 phút", Text(cell.QuerySelector("[data-testid='age']")!));
        Assert.Equal("Dữ liệu: 2 phút trước", Text(tile, "[data-testid='tile-age']"));
        Assert.Equal("fresh", tile.Find(".tile-frame").GetAttribute("data-freshness"));
    }

    [Fact]
    public void UnitGrid_OldSamples_SayTheDataIsOld()
    {
        Parts.Mirror.Put(Tile(Ward, SystemState.Up, Now.AddMinutes(-7)));

        var vi = Render("unit-grid");
        Assert.Equal("Dữ liệu: 7 phút trước", Text(vi, "[data-testid='tile-age'] span"));
        Assert.Equal("DỮ LIỆU CŨ", Text(vi, ".tile-stale-badge"));
        Assert.Equal("stale", vi.Find(".tile-frame").GetAttribute("data-freshness"));
        var en = Render("unit-grid", culture: "en-US");
        Assert.Equal("Data: 7 min old", Text(en, "[data-testid='tile-age'] span"));
        Assert.Equal("OLD DATA", Text(en, ".tile-stale-badge"));
    }

    [Theory]
    [InlineData("vi-VN", "1/1 đơn vị có dữ liệu", "Ngừng hoạt động")]
    [InlineData("en-US", "1/1 units reporting", "Down")]
    public void HealthSummary_CountsTheScopesUnitsByState(string culture, string reporting, string down)
    {
        Parts.Mirror.Put(Tile(Ward, SystemState.Down, Now));

        var tile = Render("health-summary", culture: culture);

        Assert.Equal(reporting, Text(tile, "[data-testid='reporting']"));
        Assert.Equal($"1 {down}", Text(tile, "[data-state='Down']"));
        Assert.Equal("0", Text(tile, "[data-state='Up'] .summary-count"));
    }

    [Fact]
    public void HealthMatrix_ShowsEachSystemOfEachUnit()
    {
        Parts.Mirror.Put(Tile(Ward, SystemState.Down, Now, null, SystemOf("one-stop", SystemState.Down, Now), SystemOf("civil-status", SystemState.Up, Now)));

        var tile = Render("health-matrix");

        var row = tile.Find($"tr[data-unit='{Ward}']");
        Assert.Equal(Unit(Ward).Name, Text(row.QuerySelector(".matrix-name")!));
        Assert.Equal("Down", row.QuerySelector("[data-system='one-stop']")!.GetAttribute("data-state"));
        Assert.Equal("Up", row.QuerySelector("[data-system='civil-status']")!.GetAttribute("data-state"));
        Assert.Equal("NoData", row.QuerySelector("[data-system='accounting']")!.GetAttribute("data-state"));
        Assert.Equal($"{Unit(Ward).Name} — Một cửa điện tử: Ngừng hoạt động", row.QuerySelector("[data-system='one-stop']")!.GetAttribute("title"));
    }

    [Fact]
    public void Map_ColoursTheScopesUnitsByState_AndGreysTheRest()
    {
        Parts.Mirror.Put(Tile(Ward, SystemState.Down, Now));

        var tile = Render("map");

        Assert.Equal(168, tile.FindAll("path[data-unit]").Count);
        Assert.Equal("Down", tile.Find($"path[data-unit='{Ward}']").GetAttribute("data-state"));
        Assert.Equal("OutOfScope", tile.Find("path[data-unit='26743']").GetAttribute("data-state"));
        Assert.Equal("Tô màu theo tình trạng hệ thống", Text(tile, ".legend-title"));
    }

    [Fact]
    public void Map_ByOnTimeRate_ShowsTheMonthsRate()
    {
        Parts.Mirror.Put(Tile(Ward, SystemState.Up, Now, Kpis(Now, month: Figures(10, 0, 0.955, Now))));

        var tile = Render("map", options: new Dictionary<string, string> { ["colorBy"] = "onTimeRate" }, culture: "en-US");

        var ward = tile.Find($"path[data-unit='{Ward}']");
        Assert.Equal("0.955", ward.GetAttribute("data-value"));
        Assert.Contains("band-ok", ward.ClassList);
        Assert.Equal("Coloured by this month's on-time rate", Text(tile, ".legend-title"));
    }

    [Theory]
    [InlineData("vi-VN", "1.234", "90,0 %", "77,50")]
    [InlineData("en-US", "1,234", "90.0%", "77.50")]
    public void KpiStrip_ShowsTheScopesFigures_InTheScreensNumbers(string culture, string toHandle, string onTime, string official)
    {
        Parts.Mirror.Put(Tile(Ward, SystemState.Down, Now, Kpis(Now, Figures(1234, 3, 0.9, Now), official766: 77.5m)));

        var tile = Render("kpi-strip", culture: culture);

        Assert.Equal(toHandle, Text(tile, "[data-kpi='to-handle'] .kpi-value"));
        Assert.Equal("3", Text(tile, "[data-kpi='late'] .kpi-value"));
        Assert.Equal(onTime, Text(tile, "[data-kpi='on-time'] .kpi-value"));
        Assert.Equal(official, Text(tile, "[data-kpi='official-766'] .kpi-value"));
        Assert.Equal("1", Text(tile, "[data-kpi='systems-down'] .kpi-value"));
        Assert.Equal("true", tile.Find("[data-kpi='estimate-766']").GetAttribute("data-missing"));
    }

    [Fact]
    public void KpiStrip_WithoutFigures_ShowsADash_NeverZero()
    {
        var tile = Render("kpi-strip");

        Assert.Equal("—", Text(tile, "[data-kpi='late'] .kpi-value"));
        Assert.Equal("Hồ sơ đang trễ hạn", Text(tile, "[data-kpi='late'] .kpi-label"));
    }

    [Fact]
    public void FallingBehind_ListsUnitsWithLateDossiers_MostFirst()
    {
        Assert.Equal("Không có hồ sơ trễ hạn", Text(Render("falling-behind", scope: "city"), ".list-empty"));
        Parts.Mirror.Put(
            Tile(Ward, SystemState.Up, Now, Kpis(Now, month: Figures(20, 7, 0.8, Now))),
            Tile("26743", SystemState.Up, Now, Kpis(Now, month: Figures(20, 9, 0.7, Now))));

        var tile = Render("falling-behind", scope: "city");

        var rows = tile.FindAll("li[data-unit]");
        Assert.Equal(["26743", Ward], rows.Select(r => r.GetAttribute("data-unit")));
        Assert.Equal($"2 {Unit(Ward).Name} 7 trễ 25,0 %", Text(rows[1]));
    }

    [Fact]
    public void Ranking766_RanksByOfficialScore_DepartmentsAndWardsApart()
    {
        Parts.Mirror.Put(
            Tile(Ward, SystemState.Up, null, Kpis(Now, official766: 77.5m)),
            Tile("26743", SystemState.Up, null, Kpis(Now, official766: 91.25m)));

        var tile = Render("ranking-766", scope: "city");

        var columns = tile.FindAll(".ranking-column");
        Assert.Equal("Sở, ngành", Text(columns[0].QuerySelector("h3")!));
        Assert.Equal("Chưa có điểm chính thức", Text(columns[0].QuerySelector(".list-empty")!));
        Assert.Equal(["26743", Ward], columns[1].QuerySelectorAll("li").Select(li => li.GetAttribute("data-unit")));
        Assert.Equal(Unit(Ward).Name, Text(columns[1].QuerySelectorAll("li .list-name")[1]));
        Assert.Equal("77,50", Text(columns[1].QuerySelectorAll("li .list-value")[1]));
    }

    [Theory]
    [InlineData("vi-VN", "Hộ tịch phường Sài Gòn ngừng")]
    [InlineData("en-US", "Saigon ward civil status down")]
    public async Task Changes_ShowWhatChanged_AtTheCitysTime_InThePagesLanguage(string culture, string text)
    {
        Parts.Aggregator.Changes = new ChangeList("79", 1, [Change(5, Ward, Start, "Hộ tịch phường Sài Gòn ngừng", "Saigon ward civil status down")]);
        await Parts.ReadListsAsync();

        var tile = Render("changes", culture: culture);

        Assert.Equal($"09:00 {text}", Text(tile, $"li[data-unit='{Ward}']"));
    }

    [Fact]
    public async Task LateTicker_ShowsTheScopesOldestLateDossiers_OnceRead()
    {
        Assert.Equal("Chưa đọc được danh sách từ máy chủ dữ liệu", Text(Render("late-ticker"), ".list-empty"));
        Parts.Aggregator.Lists[Ward] = (new LateDossierList(Ward, Start, 1,
            [new LateDossier(Ward, "G01-0001", "1.000", "Đăng ký khai sinh", DossierStatus.InProcessing, 4, Start.AddDays(-9), Start.AddDays(-2), 5)]),
            new IncidentList(Ward, []));
        await Parts.ReadListsAsync();

        var tile = Render("late-ticker");

        Assert.Equal($"{Unit(Ward).Name} · Đăng ký khai sinh · trễ 5 ngày làm việc", Text(tile, "[data-dossier='G01-0001']"));
        Assert.Equal("fresh", tile.Find(".tile-frame").GetAttribute("data-freshness"));
    }

    [Theory]
    [InlineData("vi-VN", "Mức 3", "mưa 95 mm · ngập 40 cm")]
    [InlineData("en-US", "Level 3", "rain 95 mm · flooded 40 cm")]
    public async Task Incidents_ShowSeverityUnitTitleAndFigures(string culture, string level, string figures)
    {
        Parts.Aggregator.Lists[Ward] = (new LateDossierList(Ward, Start, 0, []), new IncidentList(Ward,
            [new OpenIncident("INC-1", Ward, "flood", 3, "open", "Ngập đường Nguyễn Huệ", Start, Start,
                new Dictionary<string, decimal> { ["rainfallMm"] = 95, ["floodDepthCm"] = 40 })]));
        Parts.Get<QueryFeed>().ListsOf(Ward);
        await Parts.ReadListsAsync();

        var tile = Render("incidents", culture: culture);

        var incident = tile.Find("[data-incident='INC-1']");
        Assert.Equal($"{level} {Unit(Ward).Name} · Ngập đường Nguyễn Huệ", Text(incident.QuerySelector(".incident-head")!));
        Assert.Equal(figures, Text(incident.QuerySelector(".incident-figures")!));
        Assert.Contains("kpi-bad", incident.ClassList);
    }

    [Theory]
    [InlineData("vi-VN", "Nghiêm trọng", "12 phút", "Một cửa ngừng hoạt động")]
    [InlineData("en-US", "Critical", "12 min", "One-door system down")]
    public async Task Alerts_ShowTheUnacknowledgedCount_AndTheScopesAlerts(string culture, string severity, string age, string text)
    {
        Assert.Equal("Chưa đọc được danh sách từ máy chủ dữ liệu", Text(Render("alerts"), ".list-empty"));
        Parts.Aggregator.OpenAlerts = new AlertList(3, Start, 2, 1,
        [
            Alert("k1", Ward, AlertStates.Firing, Start.AddMinutes(-12)),
            Alert("k2", "26743", AlertStates.Firing, Start.AddMinutes(-3)),
        ]);
        await Parts.ReadListsAsync();

        var tile = Render("alerts", culture: culture);

        Assert.Equal("1", Text(tile, "[data-testid='alerts-unacknowledged']"));
        var line = tile.Find("[data-alert='k1']");
        Assert.Empty(tile.FindAll("[data-alert='k2']"));
        Assert.Equal(severity, Text(line.QuerySelector(".alert-severity")!));
        Assert.Equal(text, Text(line.QuerySelector(".list-name")!));
        Assert.Equal(culture == "vi-VN" ? Unit(Ward).Name : Unit(Ward).NameEn, Text(line.QuerySelector(".list-rate")!));
        Assert.Equal(age, Text(line.QuerySelector(".list-time")!));
    }

    [Theory]
    [InlineData("vi-VN", "09:00:00", "● Đang nhận dữ liệu trực tiếp", "Mất kết nối dữ liệu trực tiếp")]
    [InlineData("en-US", "09:00:00", "● Receiving live data", "Live data link lost")]
    public void Clock_ShowsTheCitysTime_AndWhetherTheLinkIsLive(string culture, string time, string live, string down)
    {
        Parts.Mirror.LastMessageAt = Now;

        var tile = Render("clock", culture: culture);
        Assert.Equal(time, Text(tile, "[data-testid='clock-time']"));
        Assert.Equal(live, Text(tile, "[data-link]"));

        Parts.Mirror.Link = LinkState.Reconnecting;
        Assert.Equal(down, Text(Render("clock", culture: culture), "[data-link]"));
    }

    private static AlertView Alert(string key, string unit, string state, DateTimeOffset firedAt) => new(
        key, "system-down", "Hệ thống ngừng", "System down", $"{unit}/one-door", AlertLevel.Critical, state, [unit],
        "Một cửa ngừng hoạt động", "One-door system down", firedAt, firedAt, null, null, null, null, null, null, 1);
}
