using OpsCenter.Contracts.Alerts;
using OpsCenter.Contracts.Query;
using OpsCenter.Wall.Live;
using static OpsCenter.Wall.Tests.Live.LiveData;

namespace OpsCenter.Wall.Tests.Live;

/// <summary>
/// The feeds beside the mirror: the changes grow from what the mirror's deltas carried (read in the
/// feed's own subscription, not under the mirror's lock), a scope's lists are read once asked for,
/// and subscribers hear of the alerts only when one changed.
/// </summary>
public sealed class QueryFeedTests : IAsyncLifetime
{
    private WallParts _parts = default!;

    public async ValueTask InitializeAsync()
    {
        _parts = await WallParts.StartAsync();
        _parts.Aggregator.Changes = new ChangeList("79", 1, [Change(1, Ward, Start.AddMinutes(-10), "cũ", "old")]);
    }

    public async ValueTask DisposeAsync() => await _parts.DisposeAsync();

    private QueryFeed Feed => _parts.Get<QueryFeed>();

    [Fact]
    public async Task ChangesTheMirrorCarried_AreMergedWithTheFirstRead_NewestFirst_OnceEach()
    {
        await Feed.ReadAsync(TestContext.Current.CancellationToken);
        _parts.Mirror.RecentChanges = [Change(3, Ward, Start, "mới", "new"), Change(2, "26743", Start.AddMinutes(-1), "vừa", "recent")];

        _parts.Mirror.Notify();
        await Eventually.TrueAsync(() => Feed.Changes.Count == 3, because: "the mirror's changes merged");
        _parts.Mirror.Notify();
        _parts.Mirror.Notify();

        await Eventually.PassesAsync(() =>
        {
            Assert.Equal([3L, 2L, 1L], Feed.Changes.Select(c => c.Id));
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task AScopeNotReadYet_HasNoLists_UntilTheNextRead()
    {
        var late = new LateDossierList(Ward, Start, 1, [new LateDossier(Ward, "G01-0001", "1.000", "Đăng ký khai sinh", OpsCenter.Domain.Dossiers.DossierStatus.InProcessing, 4, Start.AddDays(-9), Start.AddDays(-2), 5)]);
        _parts.Aggregator.Lists[Ward] = (late, new IncidentList(Ward, []));

        Assert.Equal((null, null), Feed.ListsOf(Ward));
        await Feed.ReadAsync(TestContext.Current.CancellationToken);

        var (readLate, incidents) = Feed.ListsOf(Ward);
        Assert.Equal("G01-0001", Assert.Single(readLate!.Items).DossierId);
        Assert.Empty(incidents!.Items);
        Assert.Equal(Start, Feed.RefreshedAt);
    }

    [Fact]
    public async Task AScopeTheAggregatorDoesNotKnow_ReadsAsEmptyLists()
    {
        Feed.ListsOf("group:nothing");
        await Feed.ReadAsync(TestContext.Current.CancellationToken);

        var (late, incidents) = Feed.ListsOf("group:nothing");
        Assert.Empty(late!.Items);
        Assert.Empty(incidents!.Items);
    }

    [Fact]
    public async Task Alerts_SubscribersHearOnlyWhenAnAlertChanged_NotEveryRead()
    {
        var alerts = _parts.Get<AlertFeed>();
        var told = 0;
        using var subscription = alerts.Subscribe(() =>
        {
            Interlocked.Increment(ref told);
            return Task.CompletedTask;
        });
        _parts.Aggregator.OpenAlerts = new AlertList(1, Start, 1, 1, [Alert("k1", AlertStates.Firing)]);

        await alerts.ReadAsync(TestContext.Current.CancellationToken);
        await subscription.WhenIdle;
        await alerts.ReadAsync(TestContext.Current.CancellationToken);
        await subscription.WhenIdle;
        Assert.Equal(1, told);

        _parts.Aggregator.OpenAlerts = new AlertList(2, Start, 1, 0, [Alert("k1", AlertStates.Acknowledged)]);
        await alerts.ReadAsync(TestContext.Current.CancellationToken);
        _parts.Time.Advance(Subscribers.DefaultThrottle);
        await Eventually.TrueAsync(() => Volatile.Read(ref told) == 2, because: "told of the acknowledgement");
        Assert.Equal(AlertStates.Acknowledged, Assert.Single(alerts.Open!.Alerts).State);
    }

    private static AlertView Alert(string key, string state) => new(
        key, "system-down", "Hệ thống ngừng", "System down", "26740/one-door", AlertLevel.Critical, state, [Ward],
        "Một cửa ngừng hoạt động", "One-door system down", Start, Start, null, state == AlertStates.Acknowledged ? "tran.thi.b" : null,
        null, null, null, null, 1);
}
