using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Units;
using static OpsCenter.Aggregator.Tests.FakeClockApp;

namespace OpsCenter.Aggregator.Tests.Live;

/// <summary>Its own app: these tests move its clock forward.</summary>
public class LiveKpiTests(FakeClockApp app) : IClassFixture<FakeClockApp>
{
    private async Task<(HubConnection Connection, Channel<LiveDelta> Deltas)> ConnectAsync()
    {
        var connection = app.CreateHubConnection();
        var deltas = Channel.CreateUnbounded<LiveDelta>();
        connection.On<LiveDelta>(nameof(ILiveClient.Delta), d => deltas.Writer.TryWrite(d));
        await connection.StartAsync(TestContext.Current.CancellationToken);
        return (connection, deltas);
    }

    private static async Task<UnitTile> NextTileAsync(ChannelReader<LiveDelta> deltas, string scope, string unit, Func<UnitTile, bool> match)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60)); // generous: CI machines run several whole-system suites at once
        while (true)
        {
            var delta = await deltas.ReadAsync(timeout.Token);
            if (delta.Scope == scope && delta.Units.FirstOrDefault(t => t.Unit == unit) is { } tile && match(tile))
            {
                return tile;
            }
        }
    }

    [Fact]
    public async Task Delta_DossierPassesItsAppointmentWithNoNewEvent_SaysLate()
    {
        var (connection, deltas) = await ConnectAsync();
        await using var _ = connection;
        await connection.InvokeAsync<LiveSnapshot>(LiveHub.Subscribe, "unit:26773", TestContext.Current.CancellationToken);
        await connection.InvokeAsync<LiveSnapshot>(LiveHub.Subscribe, "city", TestContext.Current.CancellationToken);

        // Accepted at 08:00, due at 11:00 today: nearly due now (09:00), late from 11:00.
        await app.AppendDossierAsync("26773", Event("T1", "P1", 2, Local(2026, 3, 10, 8), Local(2026, 3, 10, 11)));
        var nearly = await NextTileAsync(deltas.Reader, "unit:26773", "26773", t => t.Kpis?.Today?.InProgressNearlyDue == 1);
        Assert.Equal(0, nearly.Kpis!.Today!.InProgressLate);

        app.Clock.Advance(TimeSpan.FromHours(2.5));

        var late = await NextTileAsync(deltas.Reader, "unit:26773", "26773", t => t.Kpis?.Today?.InProgressLate == 1);
        Assert.Equal(0, late.Kpis!.Today!.InProgressNearlyDue);
        Assert.Equal(1.0, late.Kpis.Today.LateRate);
        var city = await NextTileAsync(deltas.Reader, "city", "79", t => t.Kpis?.Today?.InProgressLate >= 1);
        Assert.Empty(city.Systems);
    }

    [Fact]
    public async Task Subscribe_GroupScope_SnapshotHasItsUnitsAndTheGroupTile()
    {
        var units = UnitCatalog.LoadHcmc();
        var group = UnitGroup.Defaults(units, UnitLineage.LoadHcmc(units)).Single(g => g.Id == "origin-binh-duong");
        await app.AppendDossierAsync(group.Units[0], Event("G1", "P1", 2, Local(2026, 3, 9, 8), Local(2026, 3, 20, 17)));
        var (connection, deltas) = await ConnectAsync();
        await using var _ = connection;

        var snapshot = await connection.InvokeAsync<LiveSnapshot>(LiveHub.Subscribe, "group:origin-binh-duong", TestContext.Current.CancellationToken);

        Assert.Equal("group:origin-binh-duong", snapshot.Scope);
        Assert.Equal(group.Units.Count + 1, snapshot.Units.Count);
        Assert.Equal([.. group.Units, "origin-binh-duong"], snapshot.Units.Select(u => u.Unit));
        var groupTile = snapshot.Units[^1].Kpis is not null
            ? snapshot.Units[^1]
            : await NextTileAsync(deltas.Reader, "group:origin-binh-duong", "origin-binh-duong", t => t.Kpis is not null);
        Assert.Equal(1, groupTile.Kpis!.Month!.ToHandle);
    }
}
