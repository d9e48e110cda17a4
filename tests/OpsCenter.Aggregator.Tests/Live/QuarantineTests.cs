using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Contracts.Query;
using OpsCenter.Aggregator.Live;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.Events;
using static OpsCenter.Aggregator.Tests.FakeClockApp;

namespace OpsCenter.Aggregator.Tests.Live;

/// <summary>
/// No event stops the live state: the worst items, written straight into the log as if ingest had
/// been bypassed, are quarantined one by one, and everything around them is applied.
/// </summary>
[Collection(MetricsCollection.Name)]
public class QuarantineTests(FakeClockApp app) : IClassFixture<FakeClockApp>
{
    private const string Ward = "26740";
    private const string OtherWard = "26743";
    private static readonly DateTimeOffset FarFuture = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    private static NewEvent Item<T>(string kind, string unit, DateTimeOffset at, T item) =>
        new(kind, unit, at, JsonSerializer.Serialize(item, WireJson.Options));

    private static DossierEventItem WithLegalLimit(DossierEventItem item, int days)
    {
        item.LegalLimitDays = days;
        return item;
    }

    private async Task<IReadOnlyList<StoredEvent>> AppendAsync(string source, params NewEvent[] events)
    {
        var before = await app.Log.LastPositionAsync(TestContext.Current.CancellationToken);
        await app.Log.AppendAsync(new AppendRequest(source, Guid.NewGuid().ToString(), SHA256.HashData(Encoding.UTF8.GetBytes(Guid.NewGuid().ToString())), events),
            TestContext.Current.CancellationToken);
        return await app.Log.ReadAfterAsync(before, events.Length, TestContext.Current.CancellationToken);
    }

    private Task<long> AppliedAsync() => Eventually.MatchAsync(
        async () => (await app.Log.LastPositionAsync(TestContext.Current.CancellationToken), app.State.Position),
        p => p.Item1 == p.Item2).ContinueWith(t => t.Result.Item2, TaskScheduler.Default);

    [Fact]
    public async Task WorstItemsInTheLog_AreQuarantined_AndTheRestOfTheBatchAndLaterBatchesApply()
    {
        var at = Start.AddHours(-2);
        var poisoned = await AppendAsync("rogue",
            Item(DataKinds.Dossier, Ward, at, Event("Q-GOOD", "1.001193", 2, at, at.AddDays(3))),
            Item(DataKinds.Dossier, Ward, at, Event("Q-FAR", "1.001193", 2, at, FarFuture)),
            Item(DataKinds.Dossier, Ward, at, Event("Q-5000", "1.001193", 2, at, new DateTimeOffset(5000, 1, 1, 0, 0, 0, TimeSpan.Zero))),
            Item(DataKinds.Dossier, Ward, at, Event("Q-ANCIENT", "1.001193", 2, DateTimeOffset.MinValue, at)),
            Item(DataKinds.Dossier, Ward, at, WithLegalLimit(Event("Q-LIMIT", "1.001193", 2, at), int.MaxValue)),
            new NewEvent(DataKinds.Dossier, Ward, at, "{ not json"),
            new NewEvent(DataKinds.Dossier, Ward, at, "null"),
            new NewEvent(DataKinds.Health, Ward, at, "[]"),
            Item(DataKinds.Health, Ward, at, new HealthSample { Unit = Ward, System = "accounting", Status = HealthStatus.Down, CheckedAt = FarFuture }),
            Item(DataKinds.Incident, Ward, at, new IncidentItem { IncidentId = "I-FAR", Unit = Ward, Kind = "flood", Severity = 2, Status = "open", At = FarFuture, Title = "x" }),
            Item(DataKinds.Backlog, Ward, at, new BacklogSnapshotItem { Unit = Ward, Day = DateOnly.MinValue, CarriedOver = 1, Received = 1 }),
            Item(DataKinds.Backlog, Ward, at, new BacklogSnapshotItem { Unit = Ward, Day = DateOnly.MaxValue, CarriedOver = 1, Received = 1 }),
            Item(DataKinds.IndexScore, Ward, at, new IndexScoreItem { IndexSet = "qd766", Period = "2026", Unit = Ward, Indicator = "total", Value = 1, Max = 100, PublishedAt = FarFuture }),
            Item(DataKinds.Health, Ward, Start, new HealthSample { Unit = Ward, System = "civil-status", Status = HealthStatus.Down, CheckedAt = Start }));
        // A later, sound event of a dossier whose first event was quarantined; and a later batch.
        await app.AppendDossierAsync(Ward, Event("Q-FAR", "1.001193", 4, at.AddMinutes(30), at.AddDays(2)));
        await app.AppendHealthAsync(OtherWard, "one-stop", HealthStatus.Degraded, Start);

        var position = await AppliedAsync();

        // What was sound is applied: the same batch's last sample, the later batch, the good dossier.
        var ward = await app.GetAsync<UnitView>($"/api/query/v1/units/{Ward}");
        Assert.Equal(HealthStatus.Down, ward.Tile.Systems.Single(s => s.System == "civil-status").LastStatus);
        Assert.DoesNotContain(ward.Tile.Systems, s => s.System == "accounting");
        var other = await app.GetAsync<UnitView>($"/api/query/v1/units/{OtherWard}");
        Assert.Equal(HealthStatus.Degraded, other.Tile.Systems.Single(s => s.System == "one-stop").LastStatus);
        var good = await app.GetAsync<DossierDetail>($"/api/query/v1/units/{Ward}/dossiers/Q-GOOD");
        Assert.Equal("notYetDue", good.Standing);
        // The dossier goes on without its quarantined event.
        var far = await app.GetAsync<DossierDetail>($"/api/query/v1/units/{Ward}/dossiers/Q-FAR");
        Assert.Single(far.Steps);
        Assert.Equal(at.AddDays(2), far.Steps[0].AppointmentAt);
        using var ancient = await app.CreateReader().GetAsync($"/api/query/v1/units/{Ward}/dossiers/Q-ANCIENT", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, ancient.StatusCode);

        // The quarantine lists every other item of the batch, by position, with its source and why.
        var list = await app.GetAsync<QuarantineList>("/api/query/v1/quarantine");
        Assert.Equal(position, list.Position);
        // (Other tests of the class share the app: only this test's positions count here.)
        var expected = poisoned.Skip(1).SkipLast(1).Select(e => e.Position).ToHashSet();
        var mine = list.Events.Where(e => e.Position >= poisoned[0].Position).ToList();
        Assert.Equal(expected, mine.Select(e => e.Position).ToHashSet());
        Assert.All(mine, e => Assert.Equal("rogue", e.Source));
        Assert.Contains("appointmentAt", list.Events.Single(e => e.Position == poisoned[1].Position).Error, StringComparison.Ordinal);
        Assert.Contains("JsonException", list.Events.Single(e => e.Position == poisoned[5].Position).Error, StringComparison.Ordinal);
        Assert.Contains("checkedAt", list.Events.Single(e => e.Position == poisoned[8].Position).Error, StringComparison.Ordinal);
        Assert.Contains("day", list.Events.Single(e => e.Position == poisoned[10].Position).Error, StringComparison.Ordinal);
        Assert.Equal(poisoned[^2].Position, list.Events[0].Position); // newest first

        // And /metrics counts them.
        var metrics = await app.CreateClient().GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Contains($"opscenter_aggregator_live_quarantine_held {list.Held}", metrics, StringComparison.Ordinal);
        Assert.True(list.Held >= expected.Count);
    }

    [Fact]
    public async Task ReapplyInstruction_InTheLog_TakesAnEventOutOfQuarantine_OnlyIfItNowApplies()
    {
        var at = Start.AddHours(-1);
        var held = await AppendAsync("rogue",
            Item(DataKinds.Dossier, OtherWard, at, Event("R-FAR", "2.000001", 2, at, FarFuture)),
            new NewEvent(DataKinds.Health, OtherWard, at, "{\"unit\": 1}"));
        await AppliedAsync();
        Assert.Contains(app.State.Quarantine.List(0, 100).Events, e => e.Position == held[0].Position);

        // Still unappliable: back in quarantine with a second attempt; an unknown position changes nothing.
        await AppendAsync("admin",
            Item(ControlKinds.Reapply, "79", at, new ReapplyInstruction(held[0].Position, "admin")),
            Item(ControlKinds.Reapply, "79", at, new ReapplyInstruction(987_654_321, "admin")));
        await AppliedAsync();

        var list = await app.GetAsync<QuarantineList>("/api/query/v1/quarantine");
        Assert.Equal(2, list.Events.Single(e => e.Position == held[0].Position).Attempts);
        Assert.Contains(list.Events, e => e.Position == held[1].Position);
    }

    [Fact]
    public async Task Quarantine_IsNotForAReaderOfOneUnit()
    {
        using var response = await app.CreateReader(AggregatorApp.ScopedKey).GetAsync("/api/query/v1/quarantine", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

/// <summary>The quarantine on a live state alone: the same events on every replica, kept in snapshots, re-applied on instruction.</summary>
public class QuarantineStateTests
{
    private static readonly DateTimeOffset FarFuture = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The mixed log with poison slipped in every 97th place (positions renumbered).</summary>
    private static List<StoredEvent> PoisonedLog()
    {
        var log = new List<StoredEvent>();
        var units = UnitCatalog.LoadHcmc().CommuneLevel.Select(u => u.Code).ToArray();
        foreach (var (e, i) in MixedLog.Events(Start).Select((e, i) => (e, i)))
        {
            if (i % 97 == 50)
            {
                var unit = units[i % 8];
                var payload = (i / 97 % 4) switch
                {
                    0 => JsonSerializer.Serialize(Event($"P-{i}", "1.001193", 2, e.OccurredAt, FarFuture), WireJson.Options),
                    1 => "{ broken",
                    2 => JsonSerializer.Serialize(new HealthSample { Unit = unit, System = "one-stop", Status = HealthStatus.Down, CheckedAt = FarFuture }, WireJson.Options),
                    _ => JsonSerializer.Serialize(new BacklogSnapshotItem { Unit = unit, Day = DateOnly.MinValue, CarriedOver = 1, Received = 1 }, WireJson.Options),
                };
                var kind = (i / 97 % 4) switch { 0 or 1 => DataKinds.Dossier, 2 => DataKinds.Health, _ => DataKinds.Backlog };
                log.Add(new StoredEvent(0, kind, unit, "rogue", e.OccurredAt, e.ReceivedAt, payload));
            }
            log.Add(e);
        }
        return [.. log.Select((e, i) => e with { Position = i + 1 })];
    }

    private static List<long> Held(LiveState state) => [.. state.Quarantine.List(state.Position, 10_000).Events.Select(e => e.Position).Order()];

    [Fact]
    public void SameLog_InAnyBatches_QuarantinesTheSameEvents_AndBuildsTheSameState()
    {
        var log = PoisonedLog();
        var expected = log.Where(e => e.Source == "rogue").Select(e => e.Position).ToList();
        List<string>? view = null;
        foreach (var size in new[] { 1, 37, 500, log.Count })
        {
            var parts = SnapshotTests.NewParts(out _);
            var state = parts.State;
            foreach (var batch in log.Chunk(size))
            {
                state.Apply(batch);
            }
            Assert.Equal(log[^1].Position, state.Position);
            Assert.Equal(expected, Held(state));
            var now = SnapshotTests.View(parts, Start);
            Assert.Equal(view ?? now, now);
            view = now;
        }
    }

    [Fact]
    public void Snapshot_KeepsTheQuarantine()
    {
        var log = PoisonedLog();
        var full = SnapshotTests.NewState(out _);
        full.Apply(log);
        var split = log.Count / 2;
        var before = SnapshotTests.NewState(out _);
        before.Apply(log[..split]);
        using var stream = new MemoryStream();
        LiveSnapshotFile.Write(stream, before.Export(), LiveSnapshotFile.FingerprintOf(UnitCatalog.LoadHcmc()), Start);

        var restored = SnapshotTests.NewState(out _);
        var (image, _, problem) = LiveSnapshotFile.Read(stream.ToArray(), LiveSnapshotFile.FingerprintOf(UnitCatalog.LoadHcmc()));
        Assert.Null(problem);
        restored.Import(image!);
        restored.Apply(log[split..]);

        Assert.Equal(Held(full), Held(restored));
        Assert.Equal(full.Quarantine.List(full.Position, 10).Events, restored.Quarantine.List(restored.Position, 10).Events);
    }

    [Fact]
    public void ReapplyInstruction_AppliesAHeldEventThatNowApplies_AtItsPlaceInTheLog()
    {
        var state = SnapshotTests.NewState(out _);
        var unit = UnitCatalog.LoadHcmc().CommuneLevel[0].Code;
        var sample = new StoredEvent(1, DataKinds.Health, unit, "test", Start, Start,
            JsonSerializer.Serialize(new HealthSample { Unit = unit, System = "civil-status", Status = HealthStatus.Down, CheckedAt = Start }, WireJson.Options));
        // As if a since-fixed fault had kept it out.
        state.Apply([sample with { Kind = "not-yet" }]);
        state.Quarantine.Add(sample, new InvalidOperationException("a fault since fixed"));
        Assert.DoesNotContain(state.Tile(unit, Start).Systems, s => s.System == "civil-status");

        state.Apply([new StoredEvent(2, ControlKinds.Reapply, "79", "admin", Start, Start,
            JsonSerializer.Serialize(new ReapplyInstruction(1, "admin"), WireJson.Options))]);

        Assert.Equal(HealthStatus.Down, state.Tile(unit, Start).Systems.Single(s => s.System == "civil-status").LastStatus);
        Assert.Empty(Held(state));
        Assert.Equal(2, state.Position);
    }
}
