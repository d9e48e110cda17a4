using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Wall.Access;
using OpsCenter.Wall.Alerts;

namespace OpsCenter.Wall.Tests.Alerts;

/// <summary>
/// The console's actions as they reach the collector (person in X-OpsCenter-Actor, a department person's
/// unit in X-OpsCenter-Unit, the key escaped in the path), what each refusal reads as, and the open list's order.
/// </summary>
public sealed class AlertActionTests : IAsyncLifetime
{
    private const string Key = "system-down|26740/one-door|2026-12-03T02:00:00Z";
    private WallApp _wall = default!;

    public async ValueTask InitializeAsync() => _wall = await WallApp.StartAsync();

    public async ValueTask DisposeAsync() => await _wall.DisposeAsync();

    private CollectorAdmin Admin => _wall.Services.GetRequiredService<CollectorAdmin>();

    [Fact]
    public async Task Acknowledge_ByADepartmentPerson_SendsTheActorTheUnitAndTheNote_ToTheEscapedKey()
    {
        var answer = await Admin.AcknowledgeAlertAsync(Key, "đang xử lý", "department-1", StandInCollector.Unit, TestContext.Current.CancellationToken);

        Assert.Equal(AlertStates.Acknowledged, answer?.State);
        var sent = Assert.Single(_wall.Collector.Requests, r => r.Method == "POST" && r.Path.EndsWith("/acknowledge", StringComparison.Ordinal));
        // One path segment: the key's '/' and '|' travel escaped.
        Assert.Contains("%2F", sent.Path, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("/api/admin/v1/alerts/" + Key + "/acknowledge", Uri.UnescapeDataString(sent.Path));
        Assert.Equal("department-1", sent.Actor);
        Assert.Equal(StandInCollector.Unit, sent.Unit);
        Assert.Contains("đang xử lý", System.Text.Json.JsonDocument.Parse(sent.Body).RootElement.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actions_ByAnOperator_SendNoUnit()
    {
        await Admin.AssignAlertAsync(Key, "tran.thi.b", "operator-1", null, TestContext.Current.CancellationToken);
        await Admin.NoteAlertAsync(Key, "gọi phường", "operator-1", null, TestContext.Current.CancellationToken);
        await Admin.ResolveAlertAsync(Key, null, "operator-1", null, TestContext.Current.CancellationToken);

        var sent = _wall.Collector.Requests.Where(r => r.Method == "POST" && r.Path.StartsWith("/api/admin/v1/alerts/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["assign", "notes", "resolve"], sent.Select(r => r.Path.Split('/')[^1]));
        Assert.All(sent, r => Assert.Equal(("operator-1", (string?)null), (r.Actor, r.Unit)));
        Assert.Equal("tran.thi.b", System.Text.Json.JsonDocument.Parse(sent[0].Body).RootElement.GetProperty("assignee").GetString());
    }

    [Theory]
    [InlineData("done", AlertConsole.Acknowledge, HttpStatusCode.Conflict, "Đã được xác nhận", "Already acknowledged")]
    [InlineData("done", AlertConsole.Resolve, HttpStatusCode.Conflict, "Cảnh báo đã kết thúc", "The alert is already resolved")]
    [InlineData("other", AlertConsole.Acknowledge, HttpStatusCode.Forbidden, "Cảnh báo này không thuộc đơn vị của bạn", "This alert is not your unit's")]
    [InlineData("gone", AlertConsole.Note, HttpStatusCode.NotFound, "Không tìm thấy cảnh báo này", "This alert is not known")]
    public async Task Refusal_ReadsAsItsReason_InBothLanguages(string kind, string action, HttpStatusCode status, string vi, string en)
    {
        var key = kind + "|x|y";
        var refusal = await Assert.ThrowsAsync<AdminRequestException>(() => action switch
        {
            AlertConsole.Acknowledge => Admin.AcknowledgeAlertAsync(key, null, "operator-1", null, TestContext.Current.CancellationToken),
            AlertConsole.Resolve => Admin.ResolveAlertAsync(key, null, "operator-1", null, TestContext.Current.CancellationToken),
            _ => Admin.NoteAlertAsync(key, "n", "operator-1", null, TestContext.Current.CancellationToken),
        });

        Assert.Equal(status, refusal.Status);
        var textKey = AlertConsole.RefusalKey(refusal, action)!;
        Assert.Equal(vi, InCulture("vi-VN", () => Text()[textKey].Value));
        Assert.Equal(en, InCulture("en-US", () => Text()[textKey].Value));
    }

    [Fact]
    public void Order_PutsFiringBeforeAcknowledged_ThenTheMostSevere_ThenTheNewest()
    {
        var now = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
        AlertView View(string key, string state, AlertLevel level, int minutesAgo) => new(key, "r", "r", "r", "c", level, state, ["26740"], "t", "t",
            now.AddMinutes(-minutesAgo), now.AddMinutes(-minutesAgo), null, null, null, null, null, null, 1);

        var ordered = AlertConsole.Order(
        [
            View("ack-critical", AlertStates.Acknowledged, AlertLevel.Critical, 1),
            View("firing-info-new", AlertStates.Firing, AlertLevel.Info, 1),
            View("firing-critical-old", AlertStates.Firing, AlertLevel.Critical, 30),
            View("firing-critical-new", AlertStates.Firing, AlertLevel.Critical, 2),
        ]);

        Assert.Equal(["firing-critical-new", "firing-critical-old", "firing-info-new", "ack-critical"], ordered.Select(a => a.Key));
    }

    private static IStringLocalizer<WallText> Text() =>
        new StringLocalizer<WallText>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance));

    private static T InCulture<T>(string culture, Func<T> work)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return work();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
