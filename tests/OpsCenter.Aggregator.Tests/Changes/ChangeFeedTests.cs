using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using OpsCenter.Aggregator.Query;
using OpsCenter.Aggregator.Tests.Live;
using OpsCenter.Domain.Units;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Health;
using static OpsCenter.Aggregator.Tests.FakeClockApp;
using OpsCenter.Contracts.Query;

namespace OpsCenter.Aggregator.Tests.Changes;

/// <summary>Each test has its own app on a fake clock, so that changes of one do not mix with another's.</summary>
public class ChangeFeedTests
{
    private static Task<ChangeList> ChangesAsync(AggregatorApp app, string unit, Func<ChangeList, bool> until) =>
        Eventually.MatchAsync(() => app.GetAsync<ChangeList>($"/api/query/v1/changes?unit={unit}"), until);

    [Fact]
    public async Task Changes_SystemDownThenUp_ListsBothNewestFirstWithTexts()
    {
        await using var app = new FakeClockApp();
        await app.AppendHealthAsync("26737", "civil-status", HealthStatus.Up, Start.AddMinutes(-3));
        await app.AppendHealthAsync("26737", "civil-status", HealthStatus.Down, Start.AddMinutes(-2));
        await app.AppendHealthAsync("26737", "civil-status", HealthStatus.Up, Start.AddMinutes(-1));

        var list = await ChangesAsync(app, "26737", l => l.Items.Count >= 2);

        Assert.Equal([ChangeKinds.SystemUp, ChangeKinds.SystemDown], list.Items.Select(c => c.Kind));
        var down = list.Items[1];
        Assert.Equal(("up", "down", "civil-status", Start.AddMinutes(-2)), (down.Before, down.After, down.Subject, down.At));
        Assert.Contains("Hộ tịch", down.TextVi, StringComparison.Ordinal);
        Assert.Contains("is down", down.TextEn, StringComparison.Ordinal);
        // The city (79) sees every unit's changes; another unit sees none of these.
        Assert.Equal(2, (await app.GetAsync<ChangeList>("/api/query/v1/changes?unit=79")).Items.Count(c => c.Unit == "26737"));
        Assert.Empty((await app.GetAsync<ChangeList>("/api/query/v1/changes?unit=26740")).Items);
    }

    [Fact]
    public async Task Changes_ClockPassesStaleThresholdWithNoEvent_UnitStaleThenBack()
    {
        await using var app = new FakeClockApp();
        var checkedAt = app.Clock.GetUtcNow();
        await app.AppendHealthAsync("26737", "documents", HealthStatus.Up, checkedAt);
        await Eventually.MatchAsync(() => app.GetAsync<UnitView>("/api/query/v1/units/26737"), u => u.Tile.State == SystemState.Up);

        app.Clock.Advance(TimeSpan.FromMinutes(4)); // the default interval is 1 min: stale after 3

        var stale = await ChangesAsync(app, "26737", l => l.Items.Any(c => c.Kind == ChangeKinds.UnitStale));
        Assert.Equal(checkedAt.AddMinutes(3), stale.Items.Single(c => c.Kind == ChangeKinds.UnitStale).At);

        await app.AppendHealthAsync("26737", "documents", HealthStatus.Up, app.Clock.GetUtcNow());
        var back = await ChangesAsync(app, "26737", l => l.Items.Any(c => c.Kind == ChangeKinds.UnitBack));
        Assert.Equal(ChangeKinds.UnitBack, back.Items[0].Kind);
        Assert.Equal("stale", back.Items[0].Before);
    }

    [Fact]
    public async Task Rebuild_SamplesWithAGap_DerivesTheSameStaleAndBack()
    {
        await using var app = new FakeClockApp();
        var t = app.Clock.GetUtcNow();
        // Sent 10 minutes apart (checked and received): a 10-minute silence at a 1-minute interval.
        await app.AppendHealthAsync("26740", "accounting", HealthStatus.Up, t.AddMinutes(-10));
        await Eventually.MatchAsync(() => app.GetAsync<UnitView>("/api/query/v1/units/26740"), u => u.Tile.LastSampleAt is not null);
        var parts = LiveParts.Of(app);
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await app.AppendHealthAsync("26740", "accounting", HealthStatus.Up, app.Clock.GetUtcNow());
        var live = await ChangesAsync(app, "26740", l => l.Items.Any(c => c.Kind == ChangeKinds.UnitBack));

        // A fresh aggregator over the same log (replay, no clock between the samples) finds the same.
        var changes = new OpsCenter.Aggregator.Changes.ChangeFeed(100);
        var replay = new OpsCenter.Aggregator.Live.LiveState(UnitCatalog.LoadHcmc(), parts.Scopes, FreshnessPolicy.Default, parts.Kpis, new OpsCenter.Aggregator.Health.MaintenanceBook(), changes);
        replay.Apply(await app.Log.ReadAfterAsync(0, 1000, CancellationToken.None));
        var rebuilt = changes.Query(u => u == "26740", null, 100);

        Assert.Equal(live.Items.Select(c => (c.Kind, c.At)), rebuilt.Select(c => (c.Kind, c.At)));
    }

    [Fact]
    public async Task Changes_SixDossiersTurnLateAtOnce_LateJump()
    {
        await using var app = new FakeClockApp();
        var due = Start.AddMinutes(30);
        await app.AppendDossierAsync("26773", [.. Enumerable.Range(1, 6).Select(i => Event($"J{i}", "P1", 2, Start.AddHours(-1), due))]);
        await Eventually.MatchAsync(() => app.GetAsync<UnitView>("/api/query/v1/units/26773"), u => u.Tile.Kpis?.Today?.ToHandle == 6);
        await Task.Delay(500, TestContext.Current.CancellationToken); // a few publish periods see 0 late: the baseline

        app.Clock.Advance(TimeSpan.FromHours(1));

        var list = await ChangesAsync(app, "26773", l => l.Items.Any(c => c.Kind == ChangeKinds.LateJump));
        var jump = list.Items.Single(c => c.Kind == ChangeKinds.LateJump);
        Assert.Equal(("0", "6"), (jump.Before, jump.After));
        Assert.Contains("trễ hạn", jump.TextVi, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changes_IncidentOpenedUpdatedResolved_FeedAndOpenList()
    {
        await using var app = new FakeClockApp();
        var flood = new IncidentItem { IncidentId = "F1", Unit = "26737", Kind = "flood", Severity = 2, Status = "open", At = Start, Title = "Ngập đường Nguyễn Hữu Cảnh" };
        await app.AppendAsync(DataKinds.Incident, "26737", [(Start, flood)]);

        var opened = await ChangesAsync(app, "26737", l => l.Items.Count == 1);
        Assert.Equal((ChangeKinds.IncidentOpened, "F1"), (opened.Items[0].Kind, opened.Items[0].Subject));
        var open = await app.GetAsync<IncidentList>("/api/query/v1/units/26737/incidents");
        Assert.Equal("Ngập đường Nguyễn Hữu Cảnh", Assert.Single(open.Items).Title);
        Assert.Single((await app.GetAsync<IncidentList>("/api/query/v1/units/79/incidents")).Items);

        flood.Severity = 3;
        flood.At = Start.AddMinutes(10);
        await app.AppendAsync(DataKinds.Incident, "26737", [(flood.At.Value, flood)]);
        flood.Status = "resolved";
        flood.At = Start.AddMinutes(20);
        await app.AppendAsync(DataKinds.Incident, "26737", [(flood.At.Value, flood)]);

        var all = await ChangesAsync(app, "26737", l => l.Items.Count == 3);
        Assert.Equal([ChangeKinds.IncidentResolved, ChangeKinds.IncidentChanged, ChangeKinds.IncidentOpened], all.Items.Select(c => c.Kind));
        Assert.Empty((await app.GetAsync<IncidentList>("/api/query/v1/units/26737/incidents")).Items);
    }

    [Fact]
    public async Task Delta_SystemGoesDown_CarriesTheChange()
    {
        await using var app = new FakeClockApp();
        await using var connection = app.CreateHubConnection();
        var deltas = Channel.CreateUnbounded<LiveDelta>();
        connection.On<LiveDelta>(nameof(ILiveClient.Delta), d => deltas.Writer.TryWrite(d));
        await connection.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.MatchAsync(() => Task.FromResult(LiveParts.Of(app).Changes.Live), live => live);
        await connection.InvokeAsync<LiveSnapshot>(LiveHub.Subscribe, "unit:26740", TestContext.Current.CancellationToken);

        await app.AppendHealthAsync("26740", "one-stop", HealthStatus.Down, app.Clock.GetUtcNow());

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        LiveDelta delta;
        do
        {
            delta = await deltas.Reader.ReadAsync(timeout.Token);
        }
        while (delta.Changes is null);
        var change = Assert.Single(delta.Changes);
        Assert.Equal((ChangeKinds.SystemDown, "26740", "one-stop"), (change.Kind, change.Unit, change.Subject));
    }

    [Fact]
    public async Task Changes_BadSince_Is400()
    {
        await using var app = new FakeClockApp();

        var response = await app.CreateReader().GetAsync("/api/query/v1/changes?since=yesterday", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }
}
