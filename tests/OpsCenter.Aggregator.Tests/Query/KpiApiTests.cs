using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using OpsCenter.Aggregator.Query;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Dossiers;
using static OpsCenter.Aggregator.Tests.FakeClockApp;
using OpsCenter.Contracts.Query;

namespace OpsCenter.Aggregator.Tests.Query;

// Now is Tue 10 March 2026 09:00 (FakeClockApp); March 2026 has no holidays.
public class KpiApiTests(FakeClockApp app) : IClassFixture<FakeClockApp>
{
    private const string Ward = "26740";

    /// <summary>
    /// D1 on time (ends today), D2 ended late on 5 Mar, D3 in progress and late (with an apology
    /// letter), D4 nearly due (online), D5 ends on time only because 4 working days of supplement
    /// time move its due time from Thu 5 to Wed 11 Mar.
    /// </summary>
    // The case is appended once per app: two tests use it on the class's one app, and a second append
    // would store every event again (an apology letter twice), whichever test runs first.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<FakeClockApp, Task> HandComputedCase = new();

    private Task AppendHandComputedCaseAsync() => HandComputedCase.GetValue(app, _ => AppendHandComputedCaseOnceAsync());

    private async Task AppendHandComputedCaseOnceAsync()
    {
        var d3Apology = Event("D3", "P3", 4, Local(2026, 3, 9, 10));
        d3Apology.Apology = new ApologyLetterItem { IssuedAt = Local(2026, 3, 9, 10), NewAppointmentAt = Local(2026, 3, 13, 17) };
        await app.AppendDossierAsync(Ward,
            Event("D1", "P1", 2, Local(2026, 3, 9, 8), Local(2026, 3, 11, 17)),
            Event("D1", "P1", 9, Local(2026, 3, 10, 8)),
            Event("D2", "P2", 2, Local(2026, 3, 2, 8), Local(2026, 3, 4, 17)),
            Event("D2", "P2", 9, Local(2026, 3, 5, 10)),
            Event("D3", "P3", 2, Local(2026, 3, 3, 8), Local(2026, 3, 6, 17)),
            Event("D3", "P3", 4, Local(2026, 3, 3, 9)),
            d3Apology,
            Event("D4", "P4", 2, Local(2026, 3, 9, 9), Local(2026, 3, 10, 17), channel: 2),
            Event("D5", "P5", 2, Local(2026, 3, 2, 8), Local(2026, 3, 5, 8)),
            Event("D5", "P5", 4, Local(2026, 3, 2, 9)),
            Event("D5", "P5", 5, Local(2026, 3, 3, 8)),
            Event("D5", "P5", 4, Local(2026, 3, 9, 8)),
            Event("D5", "P5", 9, Local(2026, 3, 10, 7)));
        await app.AppendAsync(DataKinds.IndexScore, Ward, [(Local(2026, 3, 9), new IndexScoreItem
        {
            IndexSet = "qd766", Period = "2026-W10", Unit = Ward, Indicator = "total", Value = 85.16m, Max = 100, PublishedAt = Local(2026, 3, 9),
        })]);
    }

    private Task<UnitKpiReport> KpisAsync(string period) =>
        Eventually.MatchAsync(() => app.GetAsync<UnitKpiReport>($"/api/query/v1/units/{Ward}/kpis?period={period}"),
            r => r.Counts?.ToHandle == (period == "month" ? 5 : 4) && r.Index.Official766 is not null);

    [Fact]
    public async Task GetKpis_HandComputedCase_MatchesMonthAndTodayFigures()
    {
        await AppendHandComputedCaseAsync();

        var month = await KpisAsync("month");
        var today = await KpisAsync("today");

        var m = month.Counts!;
        Assert.Equal((0, 5, 2, 1, 1, 1, 0), (m.CarriedOver, m.Received, m.ProcessedOnTime, m.ProcessedLate, m.InProgressLate, m.InProgressNearlyDue, m.InProgressNotYetDue));
        Assert.Equal((1, 1, 3), (m.ApologyLetters, m.ReceivedOnline, m.ProcessedNotCollected));
        Assert.Equal(0.4, m.LateRate!.Value, 9);
        Assert.Equal(0.6, m.OnTimeRate!.Value, 9);
        Assert.Equal(0.2, m.OnlineShare!.Value, 9);
        Assert.Equal(new Dictionary<string, int> { ["P3"] = 1 }, month.LateByProcedure);
        Assert.Equal([new LateStage(DossierStatus.InProcessing, 4, 1)], month.LateByStage);
        Assert.Equal(1.0, month.ProcessingTimes.Single(p => p.ProcedureCode == "P1").P50, 6);
        Assert.Equal(5 + (23.0 / 24) - 4, month.ProcessingTimes.Single(p => p.ProcedureCode == "P5").P50, 6);

        var t = today.Counts!;
        Assert.Equal((4, 0, 2, 0, 1, 1), (t.CarriedOver, t.Received, t.ProcessedOnTime, t.ProcessedLate, t.InProgressLate, t.InProgressNearlyDue));
        Assert.Equal(0.25, t.LateRate!.Value, 9);
        Assert.Null(t.OnlineShare); // nothing received today: no share, not 0%

        Assert.Equal(85.16m, month.Index.Official766!.Value);
        Assert.True(month.Index.Estimate766!.IsEstimate);
        Assert.Equal("month", month.Index.Estimate766.Period);
    }

    [Fact]
    public async Task GetUnit_WithDossiers_TileCarriesKpisAndLabelledEstimate()
    {
        await AppendHandComputedCaseAsync();

        var unit = await Eventually.MatchAsync(() => app.GetAsync<UnitView>($"/api/query/v1/units/{Ward}"),
            u => u.Tile.Kpis?.Month?.ToHandle >= 5 && u.Tile.Kpis.Official766 is not null);

        var kpis = unit.Tile.Kpis!;
        Assert.Equal(1, kpis.Today!.InProgressNearlyDue);
        Assert.Equal("dossiers", kpis.Today.Source);
        Assert.Equal(Local(2026, 3, 10, 8), kpis.LastDossierEventAt);
        Assert.True(kpis.Estimate766!.IsEstimate);
        Assert.Contains("estimate", kpis.Estimate766.Label, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task GetUnit_WithoutDossiers_HasNoKpisRatherThanZeros()
    {
        var unit = await app.GetAsync<UnitView>("/api/query/v1/units/25750");
        var report = await app.GetAsync<UnitKpiReport>("/api/query/v1/units/25750/kpis?period=month");

        Assert.Null(unit.Tile.Kpis);
        Assert.Null(report.Counts);
    }

    [Fact]
    public async Task GetKpis_BacklogSnapshotOnly_TodayFiguresAreTheReportedCounts()
    {
        await app.AppendAsync(DataKinds.Backlog, "25768", [(Local(2026, 3, 10, 9), new BacklogSnapshotItem
        {
            Unit = "25768", Day = new DateOnly(2026, 3, 10), CarriedOver = 30, Received = 10, InProgressLate = 2, InProgressNearlyDue = 3,
            InProgressNotDue = 20, ProcessedOnTime = 13, ProcessedLate = 2,
        })]);

        var unit = await Eventually.MatchAsync(() => app.GetAsync<UnitView>("/api/query/v1/units/25768"), u => u.Tile.Kpis is not null);

        Assert.Equal("snapshot", unit.Tile.Kpis!.Today!.Source);
        Assert.Equal(40, unit.Tile.Kpis.Today.ToHandle);
        Assert.Equal(0.1, unit.Tile.Kpis.Today.LateRate!.Value, 9);
        Assert.Null(unit.Tile.Kpis.Today.OnlineShare); // not sent: unknown, not 0%
        Assert.Null(unit.Tile.Kpis.Month);
        Assert.Equal(new DateOnly(2026, 3, 10), unit.Tile.Kpis.BacklogSnapshotDay);
    }

    [Fact]
    public async Task GetLateDossiers_SeveralLate_OldestDueFirstWithWorkingDaysLate()
    {
        const string unit = "26743";
        await app.AppendDossierAsync(unit,
            Event("L1", "P1", 2, Local(2026, 3, 2, 8), Local(2026, 3, 3, 17)),
            Event("L2", "P2", 2, Local(2026, 3, 2, 8), Local(2026, 3, 5, 17)),
            Event("L2", "P2", 4, Local(2026, 3, 2, 9)),
            Event("L3", "P3", 2, Local(2026, 3, 2, 8), Local(2026, 3, 4, 17)),
            Event("OK", "P1", 2, Local(2026, 3, 9, 8), Local(2026, 3, 20, 17)));

        var list = await Eventually.MatchAsync(() => app.GetAsync<LateDossierList>($"/api/query/v1/units/{unit}/late-dossiers?limit=2"), l => l.Total == 3);

        Assert.Equal(["L1", "L3"], list.Items.Select(d => d.DossierId));
        var all = await app.GetAsync<LateDossierList>($"/api/query/v1/units/{unit}/late-dossiers");
        Assert.Equal(["L1", "L3", "L2"], all.Items.Select(d => d.DossierId));
        var l2 = all.Items[2];
        Assert.Equal(DossierStatus.InProcessing, l2.Stage);
        Assert.Equal("Thủ tục P2", l2.ProcedureName);
        Assert.Equal(Local(2026, 3, 5, 17), l2.DueAt);
        Assert.Equal(64.0 / 24, l2.DaysLate, 1); // Thu 17:00 -> Tue 09:00, the weekend not counted
    }

    [Fact]
    public async Task GetKpisAndRankings_WithADate_AreThePeriodContainingIt()
    {
        // Phường Chánh Hiệp: one dossier in February, one in March ("now" is 10 March).
        const string unit = "25771";
        await app.AppendDossierAsync(unit,
            Event("F1", "P1", 2, Local(2026, 2, 24, 10), Local(2026, 2, 26, 17)),
            Event("F1", "P1", 9, Local(2026, 2, 25, 10)),
            Event("M1", "P1", 2, Local(2026, 3, 9, 10), Local(2026, 3, 20, 17)));

        var march = await Eventually.MatchAsync(() => app.GetAsync<UnitKpiReport>($"/api/query/v1/units/{unit}/kpis?period=month"), r => r.Counts?.Received == 1);
        var february = await app.GetAsync<UnitKpiReport>($"/api/query/v1/units/{unit}/kpis?period=month&date=2026-02-01");
        var ranking = await app.GetAsync<Ranking>("/api/query/v1/rankings?by=onTimeRate&period=month&date=2026-02-28");

        Assert.Equal((Local(2026, 3, 1), Local(2026, 4, 1)), (march.PeriodStart, march.PeriodEnd));
        Assert.Equal((Local(2026, 2, 1), Local(2026, 3, 1)), (february.PeriodStart, february.PeriodEnd));
        Assert.Equal((1, 1, 0), (february.Counts!.Received, february.Counts.ProcessedOnTime, february.Counts.InProgress));
        Assert.Equal(Local(2026, 3, 1), february.JudgedAt); // a past period is judged at its end
        Assert.Equal((Local(2026, 2, 1), Local(2026, 3, 1), Local(2026, 3, 1)), (ranking.PeriodStart, ranking.PeriodEnd, ranking.JudgedAt));
        Assert.Equal(1.0, ranking.Rows.Single(r => r.Unit == unit).Value);
    }

    [Fact]
    public async Task GetSeries_ReceivedOver7Days_OnePointPerDay()
    {
        const string unit = "26758";
        await app.AppendDossierAsync(unit,
            Event("S1", "P1", 2, Local(2026, 3, 6, 10)),
            Event("S2", "P1", 2, Local(2026, 3, 9, 10)),
            Event("S3", "P1", 2, Local(2026, 3, 9, 11)),
            Event("S4", "P1", 2, Local(2026, 3, 10, 8)));

        var series = await Eventually.MatchAsync(() => app.GetAsync<Series>($"/api/query/v1/units/{unit}/series?kpi=received&range=7d"),
            s => s.Points[^1].Value == 1);

        Assert.Equal(7, series.Points.Count);
        Assert.Equal(new DateOnly(2026, 3, 4), series.Points[0].Day);
        Assert.Equal([0d, 0, 1, 0, 0, 2, 1], series.Points.Select(p => p.Value ?? -1));
        var months = await app.GetAsync<Series>($"/api/query/v1/units/{unit}/series?kpi=received&range=12m");
        Assert.Equal(12, months.Points.Count);
        Assert.Equal(4d, months.Points[^1].Value);
        Assert.Equal("month", months.Step);
    }

    [Theory]
    [InlineData("/api/query/v1/units/26740/kpis?period=fortnight", "period")]
    [InlineData("/api/query/v1/units/26740/late-dossiers?limit=0", "limit")]
    [InlineData("/api/query/v1/units/26740/late-dossiers?limit=many", "limit")]
    [InlineData("/api/query/v1/units/26740/series?kpi=mood", "kpi")]
    [InlineData("/api/query/v1/units/26740/series?range=5y", "range")]
    [InlineData("/api/query/v1/rankings?by=height", "by")]
    [InlineData("/api/query/v1/rankings?among=provinces", "among")]
    [InlineData("/api/query/v1/rankings?period=decade", "period")]
    [InlineData("/api/query/v1/rankings?period=month&date=9999-12-31", "date")]
    [InlineData("/api/query/v1/rankings?date=2026-03-11", "date")] // tomorrow in Vietnam
    [InlineData("/api/query/v1/units/26740/kpis?period=month&date=1999-12-31", "date")]
    [InlineData("/api/query/v1/units/26740/kpis?date=2026-02-30", "date")]
    [InlineData("/api/query/v1/units/26740/kpis?date=10%2F03%2F2026", "date")]
    public async Task Query_BadParameter_Is400NamingIt(string path, string parameter)
    {
        using var response = await app.CreateReader().GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(WireJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal([parameter], problem!.Errors.Keys);
    }

    [Theory]
    [InlineData("/api/query/v1/units/99999/kpis")]
    [InlineData("/api/query/v1/units/99999/late-dossiers")]
    [InlineData("/api/query/v1/units/99999/series")]
    public async Task Query_UnknownUnit_Is404Problem(string path)
    {
        using var response = await app.CreateReader().GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("99999", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
