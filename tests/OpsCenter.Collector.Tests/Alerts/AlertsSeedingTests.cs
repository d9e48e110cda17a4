using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpsCenter.Collector.Alerts;
using OpsCenter.Domain.Alerts;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.Alerts;
using OpsCenter.Storage.Outbox;

namespace OpsCenter.Collector.Tests.Alerts;

/// <summary>A collector started with a rules folder holding one good file, one bad file and one with another good rule.</summary>
public sealed class SeededAlertsApp : AlertsApp
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("opscenter-alert-rules-").FullName;

    public SeededAlertsApp()
    {
        File.WriteAllText(Path.Combine(Folder, "a.json"), """{ "rules": [ { "id": "down", "name": "Ngừng", "nameEn": "Down", "kind": "systemDown", "severity": "critical", "scope": { "kind": "all" } } ] }""");
        File.WriteAllText(Path.Combine(Folder, "b.json"), """{ "rules": [ { "id": "bad", "name": "Xấu", "nameEn": "Bad", "kind": "systemDown", "severity": "critical", "scope": { "kind": "all" }, "holdMinuts": 3 } ] }""");
        File.WriteAllText(Path.Combine(Folder, "c.json"), """{ "rules": [ { "id": "silent", "name": "Im lặng", "nameEn": "Silent", "kind": "sourceSilent", "severity": "warning", "scope": { "kind": "all" } } ] }""");
    }

    protected override string RulesFolder => Folder;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}

public sealed class AlertsSeedingTests(SeededAlertsApp app) : IClassFixture<SeededAlertsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_ImportsTheGoodFilesOnce_SkipsTheBadOne_AndKeepsLiveFrom()
    {
        var admin = app.CreateAdmin("quan-tri");
        var imported = AlertRuleSet.Parse(await admin.GetStringAsync("/api/admin/v1/alerts/rules", Ct));
        var store = app.Services.GetRequiredService<AlertStore>();
        var liveFrom = await store.EnsureLiveFromAsync(app.Clock.GetUtcNow().AddDays(1), Ct);

        Assert.Equal(["down", "silent"], imported.Rules.Select(r => r.Id));
        Assert.Equal(app.Clock.GetUtcNow(), liveFrom);

        // A set exists now (edited by a person): a later start imports nothing.
        using var edited = await admin.PutAsync("/api/admin/v1/alerts/rules", new StringContent("""{ "rules": [] }""", Encoding.UTF8, "application/json"), Ct);
        app.Clock.Advance(TimeSpan.FromHours(1));
        var seeder = new AlertsSeeder(store, Options.Create(new AlertsOptions { RulesFolder = app.Folder }),
            app.Services.GetRequiredService<IHostEnvironment>(), app.Clock, NullLogger<AlertsSeeder>.Instance);
        await seeder.StartAsync(Ct);

        Assert.Empty(AlertRuleSet.Parse(await admin.GetStringAsync("/api/admin/v1/alerts/rules", Ct)).Rules);
        Assert.Equal(liveFrom, await store.EnsureLiveFromAsync(app.Clock.GetUtcNow(), Ct));
    }
}

public class DefaultRuleFilesTests
{
    [Fact]
    public void EveryFileInDashboardsAlerts_ParsesAsAValidRuleSet()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "dashboards", "alerts"), "*.json");

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var parse = AlertRuleSet.Parse(File.ReadAllText(file));
            Assert.True(parse.IsValid, $"{file}: {string.Join("; ", parse.Errors)}");
            Assert.NotEmpty(parse.Rules);
        }
    }
}

public class AlertMessagesTests
{
    private static readonly UnitCatalog Units = UnitCatalog.LoadHcmc();

    private static AlertMessages Messages(string linkKey = "k-0123456789abcdef0123456789abcdef") => new(
        new StaticOptions(new AlertsOptions { LinkKey = linkKey, PublicBaseUrl = "https://ops.test/" }), Units,
        TimeProvider.System, NullLogger<AlertMessages>.Instance);

    private static AlertRecord Alert(int units, string text = "Hộ tịch <b>ngừng</b> & \"chậm\"") => new(
        "rule|cause|1", "rule", "cause", [.. Units.CommuneLevel.Take(units).Select(u => u.Code)], "critical", text, "Civil status <down>",
        "firing", new DateTimeOffset(2026, 12, 3, 1, 5, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 3, 1, 8, 0, TimeSpan.Zero));

    [Fact]
    public void Compose_Fired_EncodesHtml_ListsTwentyUnitsThenHowManyMore_InVietnamTime_WithTheLink()
    {
        var message = Messages().Compose(Alert(25), OutboxKind.Fired, "an", "an@hcmc.gov.vn");

        Assert.Equal("[OpsCenter] Nghiêm trọng/Critical: Hộ tịch <b>ngừng</b> & \"chậm\" / Civil status <down>", message.Subject);
        Assert.Contains("Mức độ / Severity: Nghiêm trọng / Critical", message.BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>ngừng", message.BodyHtml, StringComparison.Ordinal);
        Assert.Contains("Hộ tịch &lt;b&gt;ngừng&lt;/b&gt; &amp; &quot;chậm&quot;", message.BodyHtml, StringComparison.Ordinal);
        Assert.Contains("08:05 03/12/2026", message.BodyText, StringComparison.Ordinal);
        Assert.Contains("và 5 đơn vị khác / and 5 more", message.BodyText, StringComparison.Ordinal);
        Assert.Equal(20, message.BodyText.Split('\n').Count(l => l.StartsWith("- ", StringComparison.Ordinal)));
        Assert.Contains("https://ops.test/alerts/confirm?t=", message.BodyText, StringComparison.Ordinal);
        Assert.True(message.BodyText.IndexOf("Hộ tịch", StringComparison.Ordinal) < message.BodyText.IndexOf("Civil status", StringComparison.Ordinal));
        Assert.Equal("email", message.Channel);
    }

    [Theory]
    [InlineData(1, "critical", "[OpsCenter] Nghiêm trọng/Critical · {0}: ")]
    [InlineData(2, "warning", "[OpsCenter] Cảnh báo/Warning · {0}, {1}: ")]
    [InlineData(3, "info", "[OpsCenter] Thông tin/Info: ")]
    public void Compose_Fired_SubjectSaysHowBadAndWhereFirst_InBothLanguages(int units, string severity, string start)
    {
        var alert = Alert(units) with { Severity = severity };
        var names = alert.Units.Select(code => (object)Units.Find(code)!.Name).ToArray();

        var message = Messages().Compose(alert, OutboxKind.Fired, "an", "an@hcmc.gov.vn");

        Assert.StartsWith(string.Format(CultureInfo.InvariantCulture, start, names), message.Subject, StringComparison.Ordinal);
        Assert.EndsWith(" / Civil status <down>", message.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_UnitsJoinedSinceFiring_TheTextSaysTodaysCount()
    {
        var alert = Alert(2) with { Text = "Hệ thống ngừng: hệ thống hr ngừng hoạt động tại 1 đơn vị", TextEn = "System down: system hr down in 1 unit" };

        var message = Messages().Compose(alert, OutboxKind.Resolved, "an", "an@hcmc.gov.vn");

        Assert.EndsWith(": Hệ thống ngừng: hệ thống hr ngừng hoạt động tại 2 đơn vị / System down: system hr down in 2 units", message.Subject, StringComparison.Ordinal);
        Assert.StartsWith("Hệ thống ngừng: hệ thống hr ngừng hoạt động tại 2 đơn vị", message.BodyText, StringComparison.Ordinal);
        Assert.Equal("x in 1 unit", AlertMessages.Counted("x in 3 units", 1, vi: false));
        Assert.Equal("Sự cố mức 3: tại 1 đơn vị", AlertMessages.Counted("Sự cố mức 3: tại 1 đơn vị", 1, vi: true));
    }

    [Fact]
    public void Compose_LongTextOrNoLinkKey_SubjectAtMost200_NoLink()
    {
        var message = Messages(linkKey: "").Compose(Alert(1, new string('x', 480)), OutboxKind.Fired, "an", "an@hcmc.gov.vn");
        var resolved = Messages().Compose(Alert(1), OutboxKind.Resolved, "an", "an@hcmc.gov.vn");

        Assert.Equal(200, message.Subject.Length);
        Assert.DoesNotContain("/alerts/confirm", message.BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain("/alerts/confirm", resolved.BodyText, StringComparison.Ordinal);
        Assert.StartsWith("[OpsCenter] Đã hết / Resolved · ", resolved.Subject, StringComparison.Ordinal);
    }

    private sealed class StaticOptions(AlertsOptions value) : IOptionsMonitor<AlertsOptions>
    {
        public AlertsOptions CurrentValue => value;

        public AlertsOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<AlertsOptions, string?> listener) => null;
    }
}
