using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Health;
using OpsCenter.Storage.Sources;

namespace OpsCenter.Aggregator.Tests.Live;

public class LiveHubTests(AggregatorApp app) : IClassFixture<AggregatorApp>
{
    private static async Task<LiveDelta> NextDeltaAsync(ChannelReader<LiveDelta> deltas, Func<LiveDelta, bool> match)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        while (true)
        {
            var delta = await deltas.ReadAsync(timeout.Token);
            if (match(delta))
            {
                return delta;
            }
        }
    }

    private async Task<(HubConnection Connection, Channel<LiveDelta> Deltas)> ConnectAsync()
    {
        var connection = app.CreateHubConnection();
        var deltas = Channel.CreateUnbounded<LiveDelta>();
        connection.On<LiveDelta>(nameof(ILiveClient.Delta), d => deltas.Writer.TryWrite(d));
        await connection.StartAsync(TestContext.Current.CancellationToken);
        return (connection, deltas);
    }

    [Fact]
    public async Task Subscribe_City_ReturnsSnapshotOf168Communes17DepartmentsAndTheCity()
    {
        var (connection, _) = await ConnectAsync();
        await using var _1 = connection;

        var snapshot = await connection.InvokeAsync<LiveSnapshot>(LiveHub.Subscribe, "city", TestContext.Current.CancellationToken);

        Assert.Equal("city", snapshot.Scope);
        Assert.Equal(168 + 17 + 1, snapshot.Units.Count);
        Assert.Equal("79", snapshot.Units[^1].Unit);
    }

    [Fact]
    public async Task Subscribe_ThenEvent_DeltaFollowsSnapshotWithNextSeq()
    {
        var (connection, deltas) = await ConnectAsync();
        await using var _1 = connection;
        var snapshot = await connection.InvokeAsync<LiveSnapshot>(LiveHub.Subscribe, "city", TestContext.Current.CancellationToken);

        await app.AppendHealthAsync("26737", "civil-status", HealthStatus.Down);

        var delta = await NextDeltaAsync(deltas.Reader, d => d.Units.Any(u => u.Unit == "26737"));
        Assert.True(delta.Seq > snapshot.Seq);
        Assert.Equal(SystemState.Down, delta.Units.Single(u => u.Unit == "26737").State);
    }

    [Fact]
    public async Task Deltas_OnOneScope_AreNumberedWithoutGaps()
    {
        var (connection, deltas) = await ConnectAsync();
        await using var _1 = connection;
        var snapshot = await connection.InvokeAsync<LiveSnapshot>(LiveHub.Subscribe, "unit:26773", TestContext.Current.CancellationToken);

        for (var i = 0; i < 3; i++)
        {
            await app.AppendHealthAsync("26773", "documents", i % 2 == 0 ? HealthStatus.Down : HealthStatus.Up);
            await NextDeltaAsync(deltas.Reader, d => d.Scope == "unit:26773" && d.Seq == snapshot.Seq + i + 1);
        }
    }

    [Fact]
    public async Task Subscribe_UnitScope_GetsOnlyThatUnit()
    {
        var (connection, deltas) = await ConnectAsync();
        await using var _1 = connection;
        var snapshot = await connection.InvokeAsync<LiveSnapshot>(LiveHub.Subscribe, "unit:26758", TestContext.Current.CancellationToken);

        await app.AppendHealthAsync("26782", "documents", HealthStatus.Down);
        await app.AppendHealthAsync("26758", "documents", HealthStatus.Degraded);

        var delta = await NextDeltaAsync(deltas.Reader, d => d.Scope == "unit:26758");
        Assert.Single(snapshot.Units);
        Assert.Equal(["26758"], delta.Units.Select(u => u.Unit));
    }

    [Theory]
    [InlineData("unit:99999")]
    [InlineData("galaxy")]
    [InlineData("group:nope")]
    [InlineData("")]
    public async Task Subscribe_UnknownScope_IsRefused(string scope)
    {
        var (connection, _) = await ConnectAsync();
        await using var _1 = connection;

        await Assert.ThrowsAsync<HubException>(() =>
            connection.InvokeAsync<LiveSnapshot>(LiveHub.Subscribe, scope, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Connect_WithoutKey_IsRefused()
    {
        await using var connection = app.CreateHubConnection(key: null);

        await Assert.ThrowsAnyAsync<Exception>(() => connection.StartAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SilentSource_TurnsStale_WithNoNewEvent()
    {
        await app.Sources.UpsertSourceAsync(new Source("fast", "Fast source", null, ["health"], TimeSpan.FromSeconds(1)), "test", TestContext.Current.CancellationToken);
        await Task.Delay(500, TestContext.Current.CancellationToken); // let the tailer read the source's interval
        var (connection, deltas) = await ConnectAsync();
        await using var _1 = connection;
        await connection.InvokeAsync<LiveSnapshot>(LiveHub.Subscribe, "unit:26785", TestContext.Current.CancellationToken);

        await app.AppendHealthAsync("26785", "personnel", HealthStatus.Up, source: "fast");

        await NextDeltaAsync(deltas.Reader, d => d.Units.Any(u => u.State == SystemState.Up));
        var stale = await NextDeltaAsync(deltas.Reader, d => d.Units.Any(u => u.State == SystemState.Stale));
        Assert.Equal(SystemState.Stale, stale.Units.Single().Systems.Single().State);
    }

    [Fact]
    public async Task Heartbeats_CarryTheScopeSeq()
    {
        var (connection, _) = await ConnectAsync();
        await using var _1 = connection;
        var beats = Channel.CreateUnbounded<LiveHeartbeat>();
        connection.On<LiveHeartbeat>(nameof(ILiveClient.Heartbeat), b => beats.Writer.TryWrite(b));
        var snapshot = await connection.InvokeAsync<LiveSnapshot>(LiveHub.Subscribe, "unit:26767", TestContext.Current.CancellationToken);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        LiveHeartbeat beat;
        do
        {
            beat = await beats.Reader.ReadAsync(timeout.Token);
        }
        while (beat.Scope != "unit:26767");

        Assert.Equal(snapshot.Seq, beat.Seq);
    }
}
