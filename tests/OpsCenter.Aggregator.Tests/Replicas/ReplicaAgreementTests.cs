using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpsCenter.Aggregator.Query;
using OpsCenter.Aggregator.Tests.Live;
using OpsCenter.Domain.Units;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Calendar;
using OpsCenter.Domain.Health;
using static OpsCenter.Aggregator.Tests.FakeClockApp;

namespace OpsCenter.Aggregator.Tests.Replicas;

/// <summary>Two aggregators tailing one PostgreSQL log must show the same city.</summary>
public class ReplicaAgreementTests
{
    private const int Writers = 4;
    private const int BatchesPerWriter = 15;

    [Fact]
    public async Task TwoReplicas_ConcurrentWritersOnPostgres_ReachIdenticalState()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var first = new PostgresAggregatorApp(database.ConnectionString);
        await using var second = new PostgresAggregatorApp(database.ConnectionString);
        AggregatorApp[] replicas = [first, second];
        var units = UnitCatalog.LoadHcmc().CommuneLevel.Take(24).Select(u => u.Code).ToArray();
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);

        // Writers append through both replicas' stores at once: the log's order is settled by the store.
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var app = replicas[w % 2];
            for (var b = 0; b < BatchesPerWriter; b++)
            {
                var unit = units[((w * BatchesPerWriter) + b) % units.Length];
                var at = start.AddSeconds(b);
                await app.AppendHealthBatchAsync(unit, SystemCatalog.Standard.Select((s, i) => new HealthSample
                {
                    Unit = unit, System = s.Code, CheckedAt = at,
                    Status = ((w + b + i) % 7) switch { 0 => HealthStatus.Down, 1 => HealthStatus.Degraded, _ => HealthStatus.Up },
                }));
                await app.AppendDossierAsync(unit,
                    Event($"W{w}-B{b}", "P1", 2, at.AddDays(-3), at.AddHours(-1 + (b % 3))),
                    Event($"W{w}-B{b}-done", "P2", 2, at.AddDays(-2), at.AddDays(1)),
                    Event($"W{w}-B{b}-done", "P2", 9, at));
            }
        }, TestContext.Current.CancellationToken)));

        var last = await first.Log.LastPositionAsync(TestContext.Current.CancellationToken);
        foreach (var replica in replicas)
        {
            await Eventually.MatchAsync(() => Task.FromResult(replica.State.Position), p => p == last, TimeSpan.FromSeconds(30));
        }

        var now = DateTimeOffset.UtcNow;
        var month = ReportingPeriod.Containing(PeriodKind.Month, now);
        var scopes = LiveParts.Of(first).Scopes;
        var codes = scopes.MembersOf("79").Concat(scopes.Groups.Keys).ToList();
        var views = new List<string>[2];
        for (var r = 0; r < 2; r++)
        {
            var (state, kpis, changes, _) = LiveParts.Of(replicas[r]);
            var health = replicas[r].Services.GetRequiredService<HealthReports>();
            views[r] = [];
            foreach (var code in codes)
            {
                views[r].Add(Json(state.Tile(code, now)));
                // Figures are cached per unit until a dossier changes; when a replica computed them is not part of the answer.
                views[r].Add(Json(kpis.Figures(code, month, now) is { } figures ? figures with { JudgedAt = now } : null));
                views[r].Add(Json(await health.UnitAsync(code, now, TestContext.Current.CancellationToken)));
            }
            views[r].Add(Json(changes.Query(_ => true, null, 5000).Select(c => (c.At, c.Unit, c.Kind, c.Subject, c.Before, c.After))));
        }

        Assert.Equal(Writers * BatchesPerWriter * (6 + 3), last);
        Assert.Contains(views[0], v => v.Contains("\"down\"", StringComparison.Ordinal)); // the mix reached the tiles
        Assert.Equal(views[0], views[1]);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, WireJson.Options);
}
