using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OpsCenter.Aggregator.Kpis;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Calendar;
using OpsCenter.Domain.Dossiers;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.Events;
using static OpsCenter.Aggregator.Tests.FakeClockApp;

namespace OpsCenter.Aggregator.Tests.Kpis;

public class RebuildTests
{
    /// <summary>
    /// Replays 1,000,000 dossier events (250,000 dossiers, about 100,000 of them still open) in
    /// the tailer's batches of 5,000, as at start, then computes every tile. Events set
    /// OPSCENTER_REBUILD_EVENTS to run another size.
    /// </summary>
    [Fact]
    public void Apply_MillionEvents_RebuildsAndComputesAllTilesInBoundedTime()
    {
        var total = int.TryParse(Environment.GetEnvironmentVariable("OPSCENTER_REBUILD_EVENTS"), out var n) ? n : 1_000_000;
        var clock = new FakeTimeProvider(Start);
        var units = UnitCatalog.LoadHcmc();
        var state = new KpiState(new Aggregator.Scopes.ScopeMembers(units, UnitGroup.Defaults(units, UnitLineage.LoadHcmc(units))), new OnTimeRule(WorkingCalendar.Default), clock);
        var codes = units.ChildrenOf(units.City.Code).Select(u => u.Code).ToArray();
        var random = new Random(766);

        var watch = Stopwatch.StartNew();
        var batch = new List<StoredEvent>(5000);
        var position = 0L;
        for (var dossier = 0; position < total; dossier++)
        {
            var unit = codes[dossier % codes.Length];
            var accepted = Start.AddDays(-random.Next(0, 120)).AddHours(-random.Next(0, 24));
            var open = dossier % 5 < 2; // 40% still in progress
            (int Status, DateTimeOffset At)[] steps = open
                ? [(2, accepted), (4, accepted.AddHours(1)), (5, accepted.AddDays(1)), (4, accepted.AddDays(2))]
                : [(2, accepted), (4, accepted.AddHours(1)), (9, accepted.AddDays(random.Next(1, 8))), (10, accepted.AddDays(9))];
            foreach (var (status, at) in steps)
            {
                var item = new DossierEventItem
                {
                    DossierId = $"G01.79.{unit}-{dossier:D7}", ProcedureCode = $"1.00{dossier % 300:D4}", Unit = unit,
                    Channel = 1 + (dossier % 2), Status = status, At = at,
                    AppointmentAt = status == 2 ? accepted.AddDays(5) : null, LegalLimitDays = 5,
                };
                batch.Add(new StoredEvent(++position, DataKinds.Dossier, unit, "bench", at, at, JsonSerializer.Serialize(item, WireJson.Options)));
                if (batch.Count == 5000)
                {
                    state.Apply(batch);
                    batch.Clear();
                }
            }
        }
        state.Apply(batch);
        var applied = watch.Elapsed;
        var now = clock.GetUtcNow();
        var city = state.TileKpis(units.City.Code, now);
        var tiles = watch.Elapsed - applied;

        var (dossiers, timers) = state.Size;
        TestContext.Current.TestOutputHelper?.WriteLine($"Rebuild: {position:N0} events, {dossiers:N0} dossiers, {timers:N0} timers applied in {applied.TotalSeconds:0.0} s; all tiles in {tiles.TotalSeconds:0.0} s");
        Assert.NotNull(city!.Month);
        Assert.True(applied < TimeSpan.FromSeconds(120), $"Rebuild took {applied}.");
    }
}
