using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using OpsCenter.AppHost.Tests.Wall;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Domain.Health;

namespace OpsCenter.AppHost.Tests;

/// <summary>
/// An alert through the whole center: a ward's system goes down, the aggregator's engine fires, the
/// collector records it and mails the operator through the inbox resource (smtp4dev, a real SMTP
/// server), the mail's link opens a page that changes nothing, its button acknowledges once, and the
/// link is expired after that; the system comes back and the resolved mail follows.
/// </summary>
public partial class AlertMailTests(CenterFixture center)
{
    // Unit A's digital signature: no other whole-system test posts that system for that unit.
    private const string Unit = CenterFixture.ScopedReaderUnit;
    private const string System = "digital-signature";
    private const string RuleId = "probe-digital-signature";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [GeneratedRegex(@"https?://[^\s""<>]+/alerts/confirm\?t=[A-Za-z0-9_\-\.%]+")]
    private static partial Regex ConfirmLink();

    [Fact]
    public async Task SystemDown_MailsTheOperator_LinkConfirmsOnce_ThenExpired_ResolvedMailFollows()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        await center.App.ResourceNotifications.WaitForResourceHealthyAsync("inbox", cancellation);
        using var inbox = new HttpClient { BaseAddress = center.App.GetEndpoint("inbox", "http"), Timeout = TimeSpan.FromSeconds(30) };
        using var admin = WallHttp.AdminClient(center);

        // The rule set as it is (the seeded defaults) plus this test's rule: no hold, no clear time.
        var rules = JsonNode.Parse(await admin.GetStringAsync("/api/admin/v1/alerts/rules", cancellation))!.AsObject();
        var list = rules["rules"]!.AsArray();
        if (!list.Any(r => (string?)r!["id"] == RuleId))
        {
            list.Add(new JsonObject
            {
                ["id"] = RuleId,
                ["name"] = "Chữ ký số ngừng (thử nghiệm)",
                ["nameEn"] = "Digital signature down (probe)",
                ["kind"] = "systemDown",
                ["severity"] = "critical",
                ["scope"] = new JsonObject { ["kind"] = "unit", ["unit"] = Unit },
                ["system"] = System,
                ["holdMinutes"] = 0,
                ["clearMinutes"] = 0,
            });
            using var saved = await admin.PutAsync("/api/admin/v1/alerts/rules",
                new StringContent(rules.ToJsonString(), global::System.Text.Encoding.UTF8, "application/json"), cancellation);
            Assert.True(saved.IsSuccessStatusCode, $"PUT rules: {(int)saved.StatusCode} {await saved.Content.ReadAsStringAsync(cancellation)}");
        }

        var username = $"truc-{Guid.NewGuid():N}"[..13];
        var address = $"{username}@alerts.test";
        using (var created = await admin.PutAsJsonAsync($"/api/admin/v1/people/{username}",
            new { displayName = "Trực ban thử nghiệm", role = "operator", password = "mat-khau-thu-nghiem", email = address }, cancellation))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var down = await center.PostHealthAsync([CenterFixture.Sample(Unit, System, HealthStatus.Down)]))
        {
            Assert.True(down.IsSuccessStatusCode);
        }
        var fired = await UntilAsync(async () => (await OpenAlertsAsync()).FirstOrDefault(a => a.RuleId == RuleId && a.State == AlertStates.Firing), "the alert firing");
        Assert.Equal([Unit], fired.Units);
        var firedAfter = clock.Elapsed;

        var mail = await UntilAsync(() => MailAsync(inbox, address, "Chữ ký số ngừng (thử nghiệm)"), "the fired mail in the inbox");
        var text = await inbox.GetStringAsync($"/api/messages/{mail.Id}/plaintext", cancellation);
        var link = new Uri(WebUtility.HtmlDecode(ConfirmLink().Match(text).Value));
        Assert.True(link.IsAbsoluteUri, $"no confirmation link in the mail:\n{text}");
        Assert.Equal(center.GatewayUrl.Authority, link.Authority); // the gateway, the one origin people see
        var mailedAfter = clock.Elapsed;

        // Opening the link (as a mail scanner would, twice) changes nothing.
        using var browser = WallHttp.Client(center.GatewayUrl);
        var page = link.PathAndQuery;
        for (var i = 0; i < 2; i++)
        {
            using var shown = await browser.GetAsync(page, cancellation);
            Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
            Assert.Contains("alert-confirm-form", await shown.Content.ReadAsStringAsync(cancellation));
        }
        Assert.Equal(AlertStates.Firing, (await OpenAlertsAsync()).Single(a => a.Key == fired.Key).State);

        // The button acknowledges, as the mail's recipient, by e-mail.
        var token = WebUtility.UrlDecode(link.Query.Split("t=")[1]);
        var form = await WallHttp.AntiforgeryAsync(browser, page);
        using (var confirmed = await WallHttp.PostFormAsync(browser, "/alerts/confirm", form, [new("t", token)]))
        {
            var body = await confirmed.Content.ReadAsStringAsync(cancellation);
            Assert.True(confirmed.StatusCode == HttpStatusCode.OK, $"{(int)confirmed.StatusCode}: {body}");
            Assert.DoesNotContain("alert-expired", body);
        }
        // The collector wrote it to the log; the aggregator shows it once it has read that far.
        var acknowledged = await UntilAsync(async () => (await OpenAlertsAsync()).FirstOrDefault(a => a.Key == fired.Key && a.State == AlertStates.Acknowledged), "the alert acknowledged");
        Assert.Equal(username, acknowledged.AcknowledgedBy);

        // Used once: the same link posted again has expired; opened again, it says who acknowledged, with no button.
        using (var reposted = await WallHttp.PostFormAsync(browser, "/alerts/confirm", form, [new("t", token)]))
        {
            var body = await reposted.Content.ReadAsStringAsync(cancellation);
            Assert.True(body.Contains("alert-expired", StringComparison.Ordinal), $"{(int)reposted.StatusCode}: {body}");
        }
        using (var reopened = await browser.GetAsync(page, cancellation))
        {
            var body = await reopened.Content.ReadAsStringAsync(cancellation);
            Assert.Contains("alert-already", body); // "already acknowledged by <the recipient>", and no button
            Assert.Contains(username, body);
            Assert.DoesNotContain("alert-confirm-form", body);
        }

        // Back up: the alert resolves by itself and the operator is told once; the fired mail came once.
        using (var up = await center.PostHealthAsync([CenterFixture.Sample(Unit, System, HealthStatus.Up)]))
        {
            Assert.True(up.IsSuccessStatusCode);
        }
        await UntilAsync(async () => (await OpenAlertsAsync()).Any(a => a.Key == fired.Key) ? null : "gone", "the alert resolved");
        await UntilAsync(() => MailAsync(inbox, address, "Resolved"), "the resolved mail");
        var mails = await MailsAsync(inbox, address);
        Assert.Single(mails, m => m.Subject.Contains("Chữ ký số ngừng (thử nghiệm)", StringComparison.Ordinal) && !m.Subject.Contains("Resolved", StringComparison.Ordinal));
        TestContext.Current.SendDiagnosticMessage(
            $"Alert through the center: fired {firedAfter.TotalSeconds:0.0} s after the down sample, mailed {mailedAfter.TotalSeconds:0.0} s, whole life {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private async Task<IReadOnlyList<AlertView>> OpenAlertsAsync()
    {
        using var reader = center.CreateGatewayClient();
        reader.DefaultRequestHeaders.Authorization = new("Bearer", CenterFixture.ScopedReaderKey);
        var list = await reader.GetFromJsonAsync<AlertList>("/api/query/v1/alerts?state=open", WireJson.Options, TestContext.Current.CancellationToken);
        return list!.Alerts;
    }

    private sealed record Mail(string Id, string Subject);

    private static async Task<IReadOnlyList<Mail>> MailsAsync(HttpClient inbox, string address)
    {
        var page = await inbox.GetFromJsonAsync<JsonElement>("/api/messages?pageSize=1000", TestContext.Current.CancellationToken);
        return [.. page.GetProperty("results").EnumerateArray()
            .Where(m => m.GetProperty("to").EnumerateArray().Any(t => t.GetString()!.Contains(address, StringComparison.OrdinalIgnoreCase)))
            .Select(m => new Mail(m.GetProperty("id").GetString()!, m.GetProperty("subject").GetString()!))];
    }

    private static async Task<Mail?> MailAsync(HttpClient inbox, string address, string subject) =>
        (await MailsAsync(inbox, address)).FirstOrDefault(m => m.Subject.Contains(subject, StringComparison.Ordinal));

    private static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what) where T : class =>
        (await Eventually.MatchAsync(probe, found => found is not null, Deadline, what))!;
}
