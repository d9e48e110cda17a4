using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Health;
using OpsCenter.Storage.Events;
using OpsCenter.Storage.Sqlite;

namespace OpsCenter.EndToEnd.Tests;

/// <summary>
/// No event stops the city: the worst items, written straight into the running center's log as
/// ingest never would (an older collector, a hand-edited row), are quarantined; the wall stays
/// live; an administrator sees each one (source, position, why) and asks for it to be applied again.
/// </summary>
public class PoisonTests(CenterFixture center, BrowserFixture browser)
{
    // Phường Tân Uyên: no other test posts to it.
    internal const string Ward = "25888";
    private static readonly DateTimeOffset FarFuture = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    private sealed class CenterTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => TestClock.UtcNow;
    }

    private static NewEvent Item<T>(string kind, DateTimeOffset at, T item) => new(kind, Ward, at, JsonSerializer.Serialize(item, WireJson.Options));

    [Fact]
    public async Task WorstItemsStraightIntoTheLog_WallStaysLive_AdminSeesThemAndReapplies()
    {
        var now = TestClock.UtcNow;
        var wall = await browser.NewWallPageAsync(center.GatewayUrl);
        await wall.GotoAsync(center.GatewayUrl.ToString());
        var tile = wall.Locator($"[data-unit='{Ward}']");
        await tile.WaitForAsync();

        IReadOnlyList<StoredEvent> poison;
        await using (var store = new SqliteStore(SqliteStore.ConnectionStringFor(center.DataPath), new CenterTime()))
        {
            var before = await store.LastPositionAsync(TestContext.Current.CancellationToken);
            NewEvent[] events =
            [
                Item(DataKinds.Dossier, now, new DossierEventItem
                {
                    DossierId = "G01.79.25888-POISON-1", ProcedureCode = "1.001193", ProcedureName = "Đăng ký khai sinh", Unit = Ward,
                    Channel = 1, Status = 2, At = now, AppointmentAt = FarFuture,
                }),
                Item(DataKinds.Health, now, new HealthSample { Unit = Ward, System = "accounting", Status = HealthStatus.Down, CheckedAt = FarFuture }),
                Item(DataKinds.Backlog, now, new BacklogSnapshotItem { Unit = Ward, Day = DateOnly.MinValue, CarriedOver = 1, Received = 1 }),
                new(DataKinds.Incident, Ward, now, "{ \"incidentId\": "),
            ];
            await store.AppendAsync(new AppendRequest("rogue-writer", Guid.NewGuid().ToString(), SHA256.HashData(Encoding.UTF8.GetBytes(Guid.NewGuid().ToString())), events),
                TestContext.Current.CancellationToken);
            poison = await store.ReadAfterAsync(before, events.Length, TestContext.Current.CancellationToken);
        }

        // Live after the poison: a system going down reaches the wall as it always does.
        using var down = await center.PostHealthAsync([CenterFixture.Sample(Ward, "civil-status", HealthStatus.Down)]);
        Assert.Equal(HttpStatusCode.OK, down.StatusCode);
        await Assertions.Expect(tile).ToHaveAttributeAsync("data-state", "Down", new() { Timeout = 30_000 });
        await wall.Context.CloseAsync();

        // The administrator's list: each poisoned event by position, its source and why.
        var admin = await browser.NewPageAsync(1440, 900);
        await People.SignInAsync(admin, center.GatewayUrl, "admin", RunningCenter.AdminPassword, "/admin/quarantine");
        var rows = admin.GetByTestId("quarantine-grid").Locator("tbody tr");
        foreach (var e in poison)
        {
            await Assertions.Expect(rows.Filter(new() { Has = admin.Locator($"[data-testid='quarantine-position']:text-is('{e.Position}')") }))
                .ToContainTextAsync("rogue-writer");
        }
        var dossierRow = rows.Filter(new() { Has = admin.Locator($"[data-testid='quarantine-position']:text-is('{poison[0].Position}')") });
        await Assertions.Expect(dossierRow.GetByTestId("quarantine-error")).ToContainTextAsync("appointmentAt");
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = RepositoryPaths.Screenshot("admin-quarantine-1440x900.png") });

        // Re-applied, it still cannot be: it stays, with a second attempt counted.
        await dossierRow.GetByTestId("quarantine-reapply").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("admin-message")).ToContainTextAsync(poison[0].Position.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(dossierRow.Locator("td").Nth(6)).ToHaveTextAsync("2", new() { Timeout = 15_000 });
        await admin.Context.CloseAsync();
    }
}
