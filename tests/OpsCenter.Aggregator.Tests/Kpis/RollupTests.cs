using OpsCenter.Contracts.Query;
using System.Text.Json;
using OpsCenter.Aggregator.Query;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Calendar;
using OpsCenter.Domain.Dossiers;
using static OpsCenter.Aggregator.Tests.FakeClockApp;

namespace OpsCenter.Aggregator.Tests.Kpis;

/// <summary>Its own app: the city rollup here sees only these two units.</summary>
public class RollupTests(FakeClockApp app) : IClassFixture<FakeClockApp>
{
    [Fact]
    public async Task CityKpis_SmallAndLargeUnit_RatesComeFromSummedCountsAndMatchRawEvents()
    {
        // Small ward: its only dossier is late (late rate 100%). Large ward: 1 late of 20 (5%).
        await app.AppendDossierAsync("26740", Event("S1", "P1", 2, Local(2026, 3, 2, 8), Local(2026, 3, 4, 17)));
        var large = new List<DossierEventItem>();
        for (var i = 0; i < 20; i++)
        {
            large.Add(Event($"L{i}", "P2", 2, Local(2026, 3, 2, 8), Local(2026, 3, 4, 17)));
            large.Add(Event($"L{i}", "P2", 9, i == 0 ? Local(2026, 3, 5, 8) : Local(2026, 3, 3, 8)));
        }
        await app.AppendDossierAsync("26743", [.. large]);

        var city = await Eventually.MatchAsync(() => app.GetAsync<UnitKpiReport>("/api/query/v1/units/79/kpis?period=month"),
            r => r.Counts?.ToHandle == 21);

        Assert.Equal(2.0 / 21, city.Counts!.LateRate!.Value, 9);
        Assert.NotEqual((1.0 + 0.05) / 2, city.Counts.LateRate!.Value, 3); // not the mean of the two rates
        Assert.Equal(2.0 / 21, (await app.GetAsync<UnitView>("/api/query/v1/units/79")).Tile.Kpis!.Month!.LateRate!.Value, 9);

        // The same figures recomputed from the raw events in the log with the Domain alone.
        var stored = await app.Log.ReadAfterAsync(0, 10_000, TestContext.Current.CancellationToken);
        var events = stored.Where(e => e.Kind == DataKinds.Dossier).Select(e =>
        {
            var item = JsonSerializer.Deserialize<DossierEventItem>(e.Payload, WireJson.Options)!;
            return new DossierEvent($"{e.Unit}/{item.DossierId}", item.ProcedureCode!, e.Unit, (SubmissionChannel)item.Channel!.Value,
                (DossierStatus)item.Status!.Value, item.At!.Value, item.AppointmentAt);
        });
        var now = app.Clock.GetUtcNow();
        var expected = new BacklogCalculator(new OnTimeRule(WorkingCalendar.Default))
            .Compute("79", ReportingPeriod.Containing(PeriodKind.Month, now), Dossier.FoldAll(events), now);
        Assert.Equal(new BacklogCounts().Add(expected.Counts), city.Counts);
        Assert.Equal(expected.ProcessingTimes, city.ProcessingTimes);
    }

    [Fact]
    public async Task GroupKpis_NoUnitHasData_CountsAreNullNotZero()
    {
        var departments = await app.GetAsync<UnitKpiReport>("/api/query/v1/units/departments/kpis?period=month");

        Assert.Equal("Các sở, ngành", departments.Name);
        Assert.Null(departments.Counts);
    }
}
