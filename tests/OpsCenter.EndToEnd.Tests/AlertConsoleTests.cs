using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Net;
using Microsoft.Playwright;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Domain.Health;

namespace OpsCenter.EndToEnd.Tests;

/// <summary>
/// Issue 14's "done when": an operator acknowledges an alert on the console (/alerts) and every open
/// wall shows it acknowledged, by that operator, within one deadline; resolved on the console, it
/// leaves the walls' alerts tile. A department person sees its own unit's alerts and no other's.
/// </summary>
public class AlertConsoleTests(CenterFixture center, BrowserFixture browser)
{
    /// <summary>Phường Tây Nam: its documents system goes down here and nowhere else.</summary>
    internal const string Ward = "25843";
    private const string System = "documents";
    private const string RuleId = "e2e-console-documents";
    private const string RuleName = "Văn thư phường Tây Nam ngừng (thử nghiệm)";
    private const string RuleNameEn = "Tay Nam documents down (probe)";

    /// <summary>Phường Thới Hoà: a department person of it must not see the Tây Nam alert.</summary>
    private const string OtherWard = "25846";

    /// <summary>From the click on the console to every wall showing the result.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AcknowledgedOnTheConsole_EveryWallShowsItAcknowledged_ResolvedLeavesTheWalls()
    {
        var alert = await FiringAlertAsync();
        var line = $"section[data-kind='alerts'] li[data-alert='{alert.Key}']";

        // Two screens on a view of this ward's alerts, one in each language; both show the alert unacknowledged.
        // (The ops wall's city tile shows the most severe alerts first, as many as fit: in a full run
        // other tests' alerts may fill it. A tile scoped to the ward shows the ward's alerts only.)
        var view = await WardAlertsViewAsync();
        var walls = new List<(IPage Page, string Acknowledged, string Name)>();
        foreach (var (query, acknowledged, name) in new[] { ("", "Đã xác nhận: {0}", RuleName), ("?culture=en-US", "Acknowledged by {0}", RuleNameEn) })
        {
            var wall = await browser.NewWallPageAsync(center.GatewayUrl);
            await TileLayouts.OpenAsync(wall, center.GatewayUrl, view);
            await wall.GotoAsync(new Uri(center.GatewayUrl, $"/wall/{view}{query}").ToString());
            await Assertions.Expect(wall.Locator(line)).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Assertions.Expect(wall.Locator(line)).ToContainTextAsync(name);
            await Assertions.Expect(wall.Locator($"{line} [data-testid='alert-ack']")).ToHaveCountAsync(0);
            await Assertions.Expect(wall.Locator(line)).Not.ToHaveClassAsync(new Regex("alert-acknowledged"));
            walls.Add((wall, acknowledged, name));
        }
        await TileLayouts.ExpectFreshnessAsync(walls[0].Page, "alerts", "fresh");

        // The operator's console, in Vietnamese: the alert is in the open list; selected, it can be acknowledged with a note.
        var operatorName = await People.CreateAsync(center, "trucban", "operator");
        var console = await browser.NewPageAsync();
        await People.SignInAsync(console, center.GatewayUrl, operatorName);
        await People.OpenAsync(console, center.GatewayUrl, "/alerts");
        var row = console.Locator($"[data-testid='alerts-open'] span[data-alert='{alert.Key}']");
        await row.ClickAsync();
        await Assertions.Expect(console.GetByTestId("alert-detail")).ToHaveAttributeAsync("data-alert", alert.Key);
        await Assertions.Expect(console.GetByTestId("alert-state")).ToHaveTextAsync("Đang báo");
        const string note = "Đã gọi phường Tây Nam, đang khởi động lại máy chủ văn thư";
        await console.GetByTestId("alert-note").FillAsync(note);
        await console.GetByTestId("alert-note").PressAsync("Tab");

        var clock = Stopwatch.StartNew();
        await console.GetByTestId("alert-acknowledge").ClickAsync();
        var shown = await OnEveryWallAsync(walls, clock, (w, remaining) =>
            w.Page.Locator($"{line} [data-testid='alert-ack']").WaitForAsync(new() { Timeout = remaining }));
        foreach (var wall in walls)
        {
            await Assertions.Expect(wall.Page.Locator($"{line} [data-testid='alert-ack']")).ToHaveTextAsync(string.Format(wall.Acknowledged, operatorName));
            await Assertions.Expect(wall.Page.Locator(line)).ToHaveClassAsync(new Regex("alert-acknowledged"));
        }
        TestContext.Current.SendDiagnosticMessage(
            $"Acknowledged on the console → shown on both walls: {string.Join(", ", shown.Select(s => $"{s.TotalSeconds:0.00} s"))} (both by {shown.Max().TotalSeconds:0.00} s after the click)");

        // The console says so too: its message, the row's state, and (selected again) the note in the timeline.
        await Assertions.Expect(console.GetByTestId("alerts-message")).ToHaveTextAsync("Đã xác nhận cảnh báo.");
        await Assertions.Expect(console.Locator($"[data-testid='alerts-open'] tr:has(span[data-alert='{alert.Key}']) [data-testid='alert-row-state']"))
            .ToHaveTextAsync($"Đã xác nhận: {operatorName}");
        await row.ClickAsync();
        await Assertions.Expect(console.GetByTestId("alert-state")).ToHaveTextAsync($"Đã xác nhận: {operatorName}");
        await Assertions.Expect(console.Locator("[data-testid='alert-timeline'] li[data-kind='acknowledged']")).ToContainTextAsync(note);
        await Assertions.Expect(console.GetByTestId("alert-acknowledge")).ToHaveCountAsync(0);
        var stored = await AlertRules.UntilOpenAsync(center, a => a.Key == alert.Key && a.State == AlertStates.Acknowledged, "acknowledged alert");
        Assert.Equal(operatorName, stored.AcknowledgedBy);
        await walls[0].Page.ScreenshotAsync(new PageScreenshotOptions { Path = RepositoryPaths.Screenshot("wall-ops-alert-acknowledged-1920x1080.png") });
        await console.ScreenshotAsync(new PageScreenshotOptions { Path = RepositoryPaths.Screenshot("alerts-console-acknowledged-1920x1080.png") });

        // Resolved on the console (the system is still down): it leaves both walls' tile.
        clock.Restart();
        await console.GetByTestId("alert-resolve").ClickAsync();
        var gone = await OnEveryWallAsync(walls, clock, (w, remaining) =>
            w.Page.Locator(line).WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = remaining }));
        await Assertions.Expect(console.GetByTestId("alerts-message")).ToHaveTextAsync("Đã đánh dấu xử lý xong.");
        TestContext.Current.SendDiagnosticMessage(
            $"Resolved on the console → gone from both walls: {string.Join(", ", gone.Select(s => $"{s.TotalSeconds:0.00} s"))}");
        Assert.DoesNotContain(await AlertRules.OpenAsync(center), a => a.Key == alert.Key);

        // Back up: whatever fired again while it was down resolves by itself.
        await PostAsync(HealthStatus.Up);
        foreach (var page in walls.Select(w => w.Page).Append(console))
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task DepartmentPerson_SeesItsOwnUnitsAlert_NotAnotherUnits()
    {
        var alert = await OpenAlertAsync();

        // The ward's own department person sees it (in English here)...
        var own = await People.CreateAsync(center, "taynam", "department", Ward);
        var page = await browser.NewPageAsync();
        await People.SignInAsync(page, center.GatewayUrl, own);
        await People.OpenAsync(page, center.GatewayUrl, "/alerts?culture=en-US");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Alerts · Tay Nam Ward");
        var row = page.Locator($"[data-testid='alerts-open'] tr:has(span[data-alert='{alert.Key}'])");
        await Assertions.Expect(row).ToContainTextAsync(RuleNameEn);
        await page.Context.CloseAsync();

        // ... a department person of another ward does not, in either language, nor by its key.
        var other = await People.CreateAsync(center, "thoihoa", "department", OtherWard);
        page = await browser.NewPageAsync();
        await People.SignInAsync(page, center.GatewayUrl, other);
        foreach (var (query, title) in new[] { ("", "Cảnh báo · Phường Thới Hoà"), ("?culture=en-US", "Alerts · Thoi Hoa Ward") })
        {
            await People.OpenAsync(page, center.GatewayUrl, "/alerts" + query);
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(title);
            await Assertions.Expect(page.GetByTestId("alerts-open")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator($"[data-alert='{alert.Key}']")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("[data-testid='alerts-open']")).Not.ToContainTextAsync(query.Length == 0 ? RuleName : RuleNameEn);
        }
        await page.Context.CloseAsync();
        // Back up: the alert resolves by itself (clear time 0), and the city's default rules see no long outage here.
        await PostAsync(HealthStatus.Up);
    }

    /// <summary>This class's rule in the set, the ward's system down, and a new alert of the rule firing (unacknowledged).</summary>
    private async Task<AlertView> FiringAlertAsync()
    {
        await AlertRules.EnsureSystemDownAsync(center, RuleId, Ward, System, RuleName, RuleNameEn);
        await UpWithNoAlertOpenAsync();
        await PostAsync(HealthStatus.Down);
        var alert = await AlertRules.UntilOpenAsync(center, a => a.RuleId == RuleId && a.State == AlertStates.Firing, "firing alert of the console test's rule");
        Assert.Equal([Ward], alert.Units);
        return alert;
    }

    /// <summary>An open alert of this class's rule (firing or acknowledged).</summary>
    private async Task<AlertView> OpenAlertAsync()
    {
        await AlertRules.EnsureSystemDownAsync(center, RuleId, Ward, System, RuleName, RuleNameEn);
        await UpWithNoAlertOpenAsync();
        await PostAsync(HealthStatus.Down);
        return await AlertRules.UntilOpenAsync(center, a => a.RuleId == RuleId, "open alert of the console test's rule");
    }

    /// <summary>
    /// The system up and no alert of this class's rule open: the test before may have left one that its
    /// "up" resolves only at the engine's next tick. Going down again before that tick keeps the old alert
    /// firing, which the engine then resolves and fires anew under another key while the walls are watched.
    /// </summary>
    private async Task UpWithNoAlertOpenAsync()
    {
        await PostAsync(HealthStatus.Up);
        await Eventually.MatchAsync(async () => (await AlertRules.OpenAsync(center)).Count(a => a.RuleId == RuleId), open => open == 0,
            TimeSpan.FromSeconds(60), "no open alert of the console test's rule after the system came back up");
    }

    private async Task PostAsync(HealthStatus status)
    {
        using var posted = await center.PostHealthAsync([CenterFixture.Sample(Ward, System, status)]);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
    }

    /// <summary>Waits for every wall at once, all under the one deadline from <paramref name="clock"/>'s start; each wall's time.</summary>
    private static async Task<TimeSpan[]> OnEveryWallAsync<TWall>(IEnumerable<TWall> walls, Stopwatch clock, Func<TWall, float, Task> until) =>
        await Task.WhenAll(walls.Select(async wall =>
        {
            var remaining = (float)Math.Max(1, (Deadline - clock.Elapsed).TotalMilliseconds);
            await until(wall, remaining);
            return clock.Elapsed;
        }));

    /// <summary>A wall view with one big alerts tile scoped to this class's ward (the Wall watches the layouts folder).</summary>
    private async Task<string> WardAlertsViewAsync()
    {
        var id = $"alerts-{Ward}-{Guid.NewGuid():N}"[..20];
        var layout = new
        {
            id,
            title = new { vi = "Cảnh báo phường Tây Nam", en = "Tay Nam alerts" },
            columns = 12,
            rows = 12,
            tiles = new[] { new { kind = "alerts", scope = $"unit:{Ward}", x = 1, y = 1, w = 12, h = 12 } },
        };
        await File.WriteAllTextAsync(Path.Combine(center.LayoutsPath, id + ".json"), global::System.Text.Json.JsonSerializer.Serialize(layout), TestContext.Current.CancellationToken);
        return id;
    }
}
