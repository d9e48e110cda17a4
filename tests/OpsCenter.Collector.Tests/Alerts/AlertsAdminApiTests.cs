using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Domain.Alerts;
using OpsCenter.Storage.Outbox;

namespace OpsCenter.Collector.Tests.Alerts;

public abstract class AlertsAdminApiTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : AlertsApp
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Rule(string id, int hold = 2) => $$"""
        { "id": "{{id}}", "name": "Hệ thống ngừng {{id}}", "nameEn": "System down {{id}}", "kind": "systemDown",
          "severity": "critical", "scope": { "kind": "all" }, "holdMinutes": {{hold}} }
        """;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> AlertAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private static string Url(string key, string action) => $"/api/admin/v1/alerts/{Uri.EscapeDataString(key)}/{action}";

    [Fact]
    public async Task Rules_PutThenGet_RoundTripsTheFile_Audited()
    {
        var admin = app.CreateAdmin("quan-tri");

        using var put = await admin.PutAsync("/api/admin/v1/alerts/rules", Json($$"""{ "rules": [ {{Rule("a")}}, {{Rule("b", 5)}} ] }"""), Ct);
        var got = await admin.GetStringAsync("/api/admin/v1/alerts/rules", Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var parsed = AlertRuleSet.Parse(got);
        Assert.True(parsed.IsValid);
        Assert.Equal(["a", "b"], parsed.Rules.Select(r => r.Id));
        Assert.Equal(5, parsed.Rules[1].HoldMinutes);
        var audit = await admin.GetFromJsonAsync<JsonElement[]>("/api/admin/v1/audit?target=alerts.rules", Ct);
        Assert.Contains(audit!, a => a.GetProperty("action").GetString() == "alert-rules.saved" && a.GetProperty("actor").GetString() == "ops:quan-tri");
    }

    [Fact]
    public async Task Rules_BadSet_RefusedWholeNamingEachField_LastGoodSetKept()
    {
        var admin = app.CreateAdmin("quan-tri");
        using var good = await admin.PutAsync("/api/admin/v1/alerts/rules", Json($$"""{ "rules": [ {{Rule("kept")}} ] }"""), Ct);
        var before = await admin.GetStringAsync("/api/admin/v1/alerts/rules", Ct);

        using var bad = await admin.PutAsync("/api/admin/v1/alerts/rules",
            Json($$"""{ "rules": [ {{Rule("x")}}, {{Rule("y")}}, {{Rule("z", 5000)}} ] }"""), Ct);
        using var notJson = await admin.PutAsync("/api/admin/v1/alerts/rules", Json("{ rules"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        (await bad.ProblemAsync()).AssertNamesField("rules[2].holdMinutes");
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        (await notJson.ProblemAsync()).AssertNamesField("body");
        Assert.Equal(before, await admin.GetStringAsync("/api/admin/v1/alerts/rules", Ct));
        Assert.Equal(["kept"], AlertRuleSet.Parse(before).Rules.Select(r => r.Id));
    }

    [Fact]
    public async Task Keys_AlertWriterCannotCallAdminEndpoints_AdminCannotPostTransitions()
    {
        var writer = app.CreateWriter();
        using var people = await writer.GetAsync("/api/admin/v1/people", Ct);
        using var rules = await writer.GetAsync("/api/admin/v1/alerts/rules", Ct);
        using var ack = await writer.PostAsync(Url("x|y|z", "acknowledge"), null, Ct);
        using var byAdmin = await app.CreateAdmin().PostAsJsonAsync("/api/admin/v1/alerts/transitions",
            new AlertTransitionBatch([new(Fired: app.Fired(AlertsApp.NewKey(), "26740"))]), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, people.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, rules.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, ack.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byAdmin.StatusCode);
    }

    [Fact]
    public async Task Transitions_PostedTwice_StoreOneEventEach_AndOneMailPerRecipient()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        string Mail(string who) => $"{who}.{tag}@hcmc.gov.vn";
        await app.PersonAsync("operator", null, Mail("operator"));
        await app.PersonAsync("admin", null, Mail("admin"));
        await app.PersonAsync("department", "26740", Mail("ward-a"));
        await app.PersonAsync("department", "26743", Mail("ward-b"));
        await app.PersonAsync("department", "SNV", Mail("department"));
        await app.PersonAsync("briefing", null, Mail("briefing"));
        await app.PersonAsync("operator", null, Mail("disabled"), disabled: true);
        var noMail = await app.PersonAsync("operator", null, null);
        var key = AlertsApp.NewKey();
        var entries = new AlertTransitionEntry[]
        {
            new(Fired: app.Fired(key, "26740")),
            new(Updated: new AlertUpdatedEvent(key, ["26740", "26743"], app.Clock.GetUtcNow())),
        };
        var before = await app.StoredCountAsync();

        using var first = await app.PostTransitionsAsync(entries);
        using var second = await app.PostTransitionsAsync(entries);

        Assert.Equal(new AlertTransitionAck(2, 0), await first.Content.ReadFromJsonAsync<AlertTransitionAck>(Ct));
        Assert.Equal(new AlertTransitionAck(0, 2), await second.Content.ReadFromJsonAsync<AlertTransitionAck>(Ct));
        var events = await app.Log.ReadAfterAsync(before, 100, Ct);
        Assert.Equal([AlertKinds.Fired, AlertKinds.Updated], events.Where(e => e.Payload.Contains(key, StringComparison.Ordinal)).Select(e => e.Kind));
        Assert.All(events, e => Assert.Equal("79", e.Unit));
        var fired = await app.Outbox.RecipientsAsync(key, OutboxKind.Fired, Ct);
        // Ward B's people are told when their unit joins the alert (the update); other units' people never.
        Assert.Equal([Mail("admin"), Mail("operator"), Mail("ward-a"), Mail("ward-b")], fired.Where(r => r.Contains(tag, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(fired.Count, fired.Distinct().Count());
        var people = await app.CreateAdmin().GetFromJsonAsync<JsonElement[]>("/api/admin/v1/people", Ct);
        Assert.True(people!.Single(p => p.GetProperty("username").GetString() == noMail).TryGetProperty("email", out var none) is false
            || none.ValueKind == JsonValueKind.Null);
        var mail = (await app.Outbox.FindAsync(key, Mail("ward-a"), OutboxKind.Fired, Ct))!.Message;
        Assert.StartsWith("[OpsCenter] ", mail.Subject, StringComparison.Ordinal);
        Assert.EndsWith(": Hộ tịch ngừng hoạt động / Civil status down", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("26740 ", mail.BodyText, StringComparison.Ordinal);
        Assert.Contains($"{AlertsApp.BaseUrl}/alerts/confirm?t=", mail.BodyText, StringComparison.Ordinal);

        using var resolved = await app.PostTransitionsAsync(new AlertTransitionEntry(Resolved: new AlertResolvedEvent(key, "cleared", app.Clock.GetUtcNow())));
        using var resolvedAgain = await app.PostTransitionsAsync(new AlertTransitionEntry(Resolved: new AlertResolvedEvent(key, "cleared", app.Clock.GetUtcNow())));

        Assert.Equal(new AlertTransitionAck(1, 0), await resolved.Content.ReadFromJsonAsync<AlertTransitionAck>(Ct));
        Assert.Equal(new AlertTransitionAck(0, 1), await resolvedAgain.Content.ReadFromJsonAsync<AlertTransitionAck>(Ct));
        Assert.Equal(fired, await app.Outbox.RecipientsAsync(key, OutboxKind.Resolved, Ct));
    }

    [Fact]
    public async Task Transitions_UpdateOfAnUnknownKeyOrBadUnit_400NamingTheEntry_NothingStored()
    {
        var before = await app.StoredCountAsync();

        using var unknown = await app.PostTransitionsAsync(
            new AlertTransitionEntry(Fired: app.Fired(AlertsApp.NewKey(), "26740")),
            new AlertTransitionEntry(Updated: new AlertUpdatedEvent(AlertsApp.NewKey(), ["26740"], app.Clock.GetUtcNow())));
        using var badUnit = await app.PostTransitionsAsync(new AlertTransitionEntry(Fired: app.Fired(AlertsApp.NewKey(), "99999")));
        using var future = await app.PostTransitionsAsync(new AlertTransitionEntry(Fired: app.Fired(AlertsApp.NewKey(), "26740") with { At = app.Clock.GetUtcNow().AddHours(1) }));

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        (await unknown.ProblemAsync()).AssertNamesField("transitions[1]");
        (await badUnit.ProblemAsync()).AssertNamesField("transitions[0].fired.units");
        (await future.ProblemAsync()).AssertNamesField("transitions[0].fired.at");
        Assert.Equal(before, await app.StoredCountAsync());
    }

    [Fact]
    public async Task Acknowledge_Once_ThenConflict_AndUnknownKeyIs404()
    {
        var key = AlertsApp.NewKey();
        using var fired = await app.PostTransitionsAsync(new AlertTransitionEntry(Fired: app.Fired(key, "26740")));

        var alert = await AlertAsync(await app.CreateAdmin("an.nguyen").PostAsJsonAsync(Url(key, "acknowledge"), new AlertActionRequest("Đang xử lý"), Ct));
        using var again = await app.CreateAdmin("binh").PostAsync(Url(key, "acknowledge"), null, Ct);
        using var unknown = await app.CreateAdmin("binh").PostAsync(Url(AlertsApp.NewKey(), "acknowledge"), null, Ct);

        Assert.Equal("acknowledged", alert.GetProperty("state").GetString());
        Assert.Equal("an.nguyen", alert.GetProperty("acknowledgedBy").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        await again.ProblemAsync();
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Actions_DepartmentPersonOfAnotherUnit_Forbidden_OfItsUnitAllowed()
    {
        var key = AlertsApp.NewKey();
        using var fired = await app.PostTransitionsAsync(new AlertTransitionEntry(Fired: app.Fired(key, "26740")));
        var other = app.CreateAdmin("ward-b");
        other.DefaultRequestHeaders.Add("X-OpsCenter-Unit", "26743");
        var own = app.CreateAdmin("ward-a");
        own.DefaultRequestHeaders.Add("X-OpsCenter-Unit", "26740");

        using var refused = await other.PostAsync(Url(key, "acknowledge"), null, Ct);
        using var refusedNote = await other.PostAsJsonAsync(Url(key, "notes"), new AlertNoteRequest("xem"), Ct);
        var alert = await AlertAsync(await own.PostAsync(Url(key, "acknowledge"), null, Ct));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refusedNote.StatusCode);
        Assert.Equal("ward-a", alert.GetProperty("acknowledgedBy").GetString());
    }

    [Fact]
    public async Task AssignNoteResolve_CheckTheirInput_AndResolveOnlyOnce()
    {
        var assignee = await app.PersonAsync("operator", null, null);
        var disabled = await app.PersonAsync("operator", null, null, disabled: true);
        var key = AlertsApp.NewKey();
        using var fired = await app.PostTransitionsAsync(new AlertTransitionEntry(Fired: app.Fired(key, "26740")));
        var admin = app.CreateAdmin("quan-tri");
        var before = await app.StoredCountAsync();

        using var nobody = await admin.PostAsJsonAsync(Url(key, "assign"), new AlertAssignRequest("khong-co-ai"), Ct);
        using var notEnabled = await admin.PostAsJsonAsync(Url(key, "assign"), new AlertAssignRequest(disabled), Ct);
        var assigned = await AlertAsync(await admin.PostAsJsonAsync(Url(key, "assign"), new AlertAssignRequest(assignee), Ct));
        using var reversing = await admin.PostAsJsonAsync(Url(key, "notes"), new AlertNoteRequest("abc\u202Edef"), Ct);
        using var empty = await admin.PostAsJsonAsync(Url(key, "notes"), new AlertNoteRequest(""), Ct);
        using var tooLong = await admin.PostAsJsonAsync(Url(key, "notes"), new AlertNoteRequest(new string('a', 1001)), Ct);
        await AlertAsync(await admin.PostAsJsonAsync(Url(key, "notes"), new AlertNoteRequest("Đã gọi phường / called the ward"), Ct));
        var resolved = await AlertAsync(await admin.PostAsJsonAsync(Url(key, "resolve"), new AlertActionRequest("Đã khắc phục"), Ct));
        using var again = await admin.PostAsync(Url(key, "resolve"), null, Ct);
        using var evaluatorLate = await app.PostTransitionsAsync(new AlertTransitionEntry(Resolved: new AlertResolvedEvent(key, "cleared", app.Clock.GetUtcNow())));

        (await nobody.ProblemAsync()).AssertNamesField("assignee");
        (await notEnabled.ProblemAsync()).AssertNamesField("assignee");
        Assert.Equal(assignee, assigned.GetProperty("assignee").GetString());
        (await reversing.ProblemAsync()).AssertNamesField("note");
        (await empty.ProblemAsync()).AssertNamesField("note");
        (await tooLong.ProblemAsync()).AssertNamesField("note");
        Assert.Equal("resolved", resolved.GetProperty("state").GetString());
        Assert.Equal("quan-tri", resolved.GetProperty("resolvedBy").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(new AlertTransitionAck(0, 1), await evaluatorLate.Content.ReadFromJsonAsync<AlertTransitionAck>(Ct));
        var kinds = (await app.Log.ReadAfterAsync(before, 100, Ct)).Where(e => e.Payload.Contains(key, StringComparison.Ordinal)).Select(e => (e.Kind, e.Source));
        Assert.Equal([(AlertKinds.Assigned, "(admin)"), (AlertKinds.Noted, "(admin)"), (AlertKinds.Resolved, "(admin)")], kinds);
    }

    [Fact]
    public async Task Link_PreviewChangesNothing_ConfirmsOnce_Then410()
    {
        var email = $"link.{Guid.NewGuid():N}@hcmc.gov.vn";
        var username = await app.PersonAsync("operator", null, email);
        var key = AlertsApp.NewKey();
        using var fired = await app.PostTransitionsAsync(new AlertTransitionEntry(Fired: app.Fired(key, "26740")));
        var token = await app.LinkTokenAsync(key, email);
        var wall = app.CreateAdmin();

        var preview = await wall.GetFromJsonAsync<AlertLinkPreview>($"/api/admin/v1/alerts/acknowledge-link?token={Uri.EscapeDataString(token)}", Ct);
        var previewAgain = await wall.GetFromJsonAsync<AlertLinkPreview>($"/api/admin/v1/alerts/acknowledge-link?token={Uri.EscapeDataString(token)}", Ct);
        var confirmed = await AlertAsync(await wall.PostAsJsonAsync("/api/admin/v1/alerts/acknowledge-link", new AlertLinkRequest(token), Ct));
        using var twice = await wall.PostAsJsonAsync("/api/admin/v1/alerts/acknowledge-link", new AlertLinkRequest(token), Ct);
        var after = await wall.GetFromJsonAsync<AlertLinkPreview>($"/api/admin/v1/alerts/acknowledge-link?token={Uri.EscapeDataString(token)}", Ct);

        Assert.True(preview!.CanConfirm);
        Assert.Equal("firing", previewAgain!.State);
        Assert.Equal(["26740"], preview.Units);
        Assert.Equal(username, confirmed.GetProperty("acknowledgedBy").GetString());
        Assert.Equal(HttpStatusCode.Gone, twice.StatusCode);
        Assert.Equal("expired", (await twice.ProblemAsync()).GetProperty("title").GetString());
        Assert.False(after!.CanConfirm);
        Assert.Equal(username, after.AcknowledgedBy);
    }

    [Fact]
    public async Task Link_TamperedOrMalformed_400NamingToken()
    {
        var email = $"tamper.{Guid.NewGuid():N}@hcmc.gov.vn";
        await app.PersonAsync("admin", null, email);
        var key = AlertsApp.NewKey();
        using var fired = await app.PostTransitionsAsync(new AlertTransitionEntry(Fired: app.Fired(key, "26740")));
        var token = await app.LinkTokenAsync(key, email);
        var forged = AlertLinks.Sign(new AlertLinkClaims(key, "someone-else", app.Clock.GetUtcNow().AddHours(1)), "not-the-link-key-0123456789abcdef");
        var flipped = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        foreach (var bad in new[] { forged, flipped, "garbage", "" })
        {
            using var response = await app.CreateAdmin().PostAsJsonAsync("/api/admin/v1/alerts/acknowledge-link", new AlertLinkRequest(bad), Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            (await response.ProblemAsync()).AssertNamesField("token");
        }
        var alert = await app.CreateAdmin().GetFromJsonAsync<AlertLinkPreview>($"/api/admin/v1/alerts/acknowledge-link?token={Uri.EscapeDataString(token)}", Ct);
        Assert.Equal("firing", alert!.State);
    }

    [Fact]
    public async Task Link_AfterItsLifetime_400NamingToken_AndTheAlertStaysFiring()
    {
        var email = $"late.{Guid.NewGuid():N}@hcmc.gov.vn";
        await app.PersonAsync("operator", null, email);
        var key = AlertsApp.NewKey();
        using var fired = await app.PostTransitionsAsync(new AlertTransitionEntry(Fired: app.Fired(key, "26740")));
        var token = await app.LinkTokenAsync(key, email);

        app.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        using var response = await app.CreateAdmin().PostAsJsonAsync("/api/admin/v1/alerts/acknowledge-link", new AlertLinkRequest(token), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        (await response.ProblemAsync()).AssertNamesField("token");
        using var ack = await app.CreateAdmin("an").PostAsync(Url(key, "acknowledge"), null, Ct);
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
    }

    [Fact]
    public async Task PersonEmail_Validated_StoredAndCleared()
    {
        var username = await app.PersonAsync("operator", null, "dung@hcmc.gov.vn");
        var admin = app.CreateAdmin("quan-tri");
        object Body(string? email) => new { displayName = "Dũng", role = "operator", email };

        foreach (var bad in new[] { "không-ascii@hcmc.gov.vn", "a b@hcmc.gov.vn", "a@hcmc", "a\u200B@hcmc.gov.vn", "a@hcmc.gov.vn\u202E", "a@" + new string('x', 250) + ".vn", "a@b@c.vn" })
        {
            using var response = await admin.PutAsJsonAsync($"/api/admin/v1/people/{username}", Body(bad), Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            (await response.ProblemAsync()).AssertNamesField("email");
        }
        var kept = await admin.PutAsJsonAsync($"/api/admin/v1/people/{username}", Body(null), Ct);
        var keptEmail = (await kept.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("email").GetString();
        var changed = await admin.PutAsJsonAsync($"/api/admin/v1/people/{username}", Body("dung.tran@hcmc.gov.vn"), Ct);
        var changedEmail = (await changed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("email").GetString();
        var cleared = await admin.PutAsJsonAsync($"/api/admin/v1/people/{username}", Body(""), Ct);
        var clearedPerson = await cleared.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal("dung@hcmc.gov.vn", keptEmail);
        Assert.Equal("dung.tran@hcmc.gov.vn", changedEmail);
        Assert.True(!clearedPerson.TryGetProperty("email", out var none) || none.ValueKind == JsonValueKind.Null);
    }
}

public sealed class AlertsAdminApiTestsOnSqlite(AlertsApp app) : AlertsAdminApiTests<AlertsApp>(app);

public sealed class AlertsAdminApiTestsOnPostgres(PostgresAlertsApp app) : AlertsAdminApiTests<PostgresAlertsApp>(app);
