using Microsoft.Extensions.Time.Testing;
using OpsCenter.Storage.Admin;
using OpsCenter.Storage.Alerts;
using OpsCenter.Storage.Outbox;

namespace OpsCenter.Storage.Tests.Alerts;

/// <summary>The alert store on every engine: each test has its own database; a second store on it is another replica.</summary>
public abstract class AlertStoreTests<TDatabase> : IAsyncLifetime
    where TDatabase : TestDatabase, new()
{
    private readonly TDatabase _database = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-03T08:00:00+07:00", System.Globalization.CultureInfo.InvariantCulture));

    public ValueTask InitializeAsync() => _database.CreateAsync();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AlertStore Replica() => new(_database.OpenStore(), _time);

    private AlertRecord Fired(string key, params string[] units) => new(key, "system-down", "dvc", units, "critical",
        "Hệ thống DVC ngừng hoạt động", "DVC system down", AlertRowState.Firing, _time.GetUtcNow().AddMinutes(-3), _time.GetUtcNow());

    [Fact]
    public async Task Rules_SavedTwice_LastSetKeptAndEachSaveAudited()
    {
        var alerts = Replica();
        Assert.Null(await alerts.GetRulesAsync(Ct));

        await alerts.SaveRulesAsync("""{ "rules": [] }""", [], "ops:admin", Ct);
        await alerts.SaveRulesAsync("""{ "rules": [ { "id": "x" } ] }""", ["x"], "ops:admin", Ct);

        Assert.Equal("""{ "rules": [ { "id": "x" } ] }""", await Replica().GetRulesAsync(Ct));
        var audit = await new AdminStore(_database.OpenStore(), _time).ListAuditAsync(10, AlertStore.RulesSetting, Ct);
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a => Assert.Equal("alert-rules.saved", a.Action));
        Assert.Contains("\"x\"", audit.Select(a => a.Details).OfType<string>().First(d => d.Contains('x', StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureLiveFromAsync_TwoReplicasAtDifferentTimes_BothGetTheFirstInstant()
    {
        var first = _time.GetUtcNow();

        var a = await Replica().EnsureLiveFromAsync(first, Ct);
        var b = await Replica().EnsureLiveFromAsync(first.AddHours(2), Ct);

        Assert.Equal(first, a);
        Assert.Equal(first, b);
        var stored = await new AdminStore(_database.OpenStore(), _time).GetSettingAsync(AlertStore.LiveFromSetting, Ct);
        Assert.Equal("\"2026-12-03T01:00:00.000Z\"", stored);
    }

    [Fact]
    public async Task UpsertFired_Twice_KeepsOneRowAsFirstWritten()
    {
        var alerts = Replica();

        Assert.True(await alerts.UpsertFiredAsync(Fired("down|dvc|1", "26740", "26743"), Ct));
        Assert.False(await Replica().UpsertFiredAsync(Fired("down|dvc|1", "26740") with { Text = "other" }, Ct));

        var row = (await alerts.FindAsync("down|dvc|1", Ct))!;
        Assert.Equal(["26740", "26743"], row.Units);
        Assert.Equal("Hệ thống DVC ngừng hoạt động", row.Text);
        Assert.Equal(AlertRowState.Firing, row.State);
        Assert.Equal(_time.GetUtcNow(), row.FiredAt);
        Assert.Null(await alerts.FindAsync("down|dvc|2", Ct));
    }

    [Fact]
    public async Task Acknowledge_TwoReplicasAtOnce_OnlyOneDoesIt_ThenAssignAndResolve()
    {
        var alerts = Replica();
        await alerts.UpsertFiredAsync(Fired("k1", "26740"), Ct);
        Assert.True(await alerts.UpdateUnitsAsync("k1", ["26740", "SNV"], Ct));
        Assert.False(await alerts.UpdateUnitsAsync("unknown", ["26740"], Ct));

        var done = await Task.WhenAll(Replica().AcknowledgeAsync("k1", "an", _time.GetUtcNow(), Ct), Replica().AcknowledgeAsync("k1", "binh", _time.GetUtcNow(), Ct));

        Assert.Single(done, d => d);
        Assert.True(await alerts.AssignAsync("k1", "chi", Ct));
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.True(await alerts.ResolveAsync("k1", "chi", _time.GetUtcNow(), Ct));
        Assert.False(await alerts.ResolveAsync("k1", null, _time.GetUtcNow(), Ct));
        Assert.False(await alerts.AssignAsync("k1", "an", Ct));
        Assert.False(await alerts.AcknowledgeAsync("k1", "an", _time.GetUtcNow(), Ct));
        var row = (await alerts.FindAsync("k1", Ct))!;
        Assert.Equal(AlertRowState.Resolved, row.State);
        Assert.Equal(["26740", "SNV"], row.Units);
        Assert.Contains(row.AcknowledgedBy, new[] { "an", "binh" });
        Assert.Equal("chi", row.Assignee);
        Assert.Equal("chi", row.ResolvedBy);
        Assert.Equal(_time.GetUtcNow(), row.ResolvedAt);
    }

    [Fact]
    public async Task ListOpen_FiringAcknowledgedAndResolved_ListsTheFirstTwoOldestFirst()
    {
        var alerts = Replica();
        await alerts.UpsertFiredAsync(Fired("a", "26740"), Ct);
        _time.Advance(TimeSpan.FromMinutes(1));
        await alerts.UpsertFiredAsync(Fired("b", "26740"), Ct);
        _time.Advance(TimeSpan.FromMinutes(1));
        await alerts.UpsertFiredAsync(Fired("c", "26740"), Ct);
        await alerts.AcknowledgeAsync("b", "an", _time.GetUtcNow(), Ct);
        await alerts.ResolveAsync("c", null, _time.GetUtcNow(), Ct);

        var open = await alerts.ListOpenAsync(Ct);

        Assert.Equal(["a", "b"], open.Select(a => a.Key));
        Assert.Equal(AlertRowState.Acknowledged, open[1].State);
    }

    [Fact]
    public async Task OutboxRecipients_OfOneAlertAndKind_ListsOnlyThose()
    {
        var outbox = new OutboxStore(_database.OpenStore(), _time, new OutboxPolicy());
        foreach (var (alert, recipient, kind) in new[] { ("k1", "b@x.vn", OutboxKind.Fired), ("k1", "a@x.vn", OutboxKind.Fired), ("k1", "c@x.vn", OutboxKind.Resolved), ("k2", "d@x.vn", OutboxKind.Fired) })
        {
            await outbox.EnqueueAsync(new OutboxMessage(alert, recipient, kind, "email", "s", "t", null), Ct);
        }

        Assert.Equal(["a@x.vn", "b@x.vn"], await outbox.RecipientsAsync("k1", OutboxKind.Fired, Ct));
        Assert.Empty(await outbox.RecipientsAsync("k3", OutboxKind.Fired, Ct));
    }
}

public sealed class AlertStoreTestsOnSqlite : AlertStoreTests<SqliteTestDatabase>;

public sealed class AlertStoreTestsOnPostgres : AlertStoreTests<PostgresTestDatabase>;
