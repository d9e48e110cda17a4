using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpsCenter.Contracts.Admin;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Contracts.Query;
using OpsCenter.Domain.People;

namespace OpsCenter.Wall.Tests;

/// <summary>
/// A real HTTP server on a loopback port standing in for the collector's admin API and the aggregator's
/// query API: people sign in by name (<c>operator-1</c>, <c>department-1</c> of <see cref="Unit"/>, ...),
/// acknowledgement links by token (<see cref="GoodToken"/>, <see cref="ExpiredToken"/>, anything else is
/// invalid). Every request is recorded, with its body, so a test sees what reached "the collector".
/// </summary>
public sealed class StandInCollector : IAsyncDisposable
{
    public const string Unit = "26740";
    public const string GoodToken = "v1.good-token-c2lnbmVk.AbC-_0";
    public const string ExpiredToken = "v1.expired-token.XyZ";
    public const string AlertText = "Hệ thống một cửa của Phường Sài Gòn ngừng hoạt động";

    private readonly WebApplication _app;

    public ConcurrentQueue<(string Method, string Path, string Body, string? Actor, string? Unit)> Requests { get; } = new();

    public Uri Address { get; }

    /// <summary>What the aggregator's <c>GET /api/query/v1/alerts</c> answers.</summary>
    public AlertList OpenAlerts { get; set; } = new(1, DateTimeOffset.UnixEpoch, 0, 0, []);

    /// <summary>What the aggregator's late-dossier and incident lists answer, by scope; a scope not here is 404.</summary>
    public ConcurrentDictionary<string, (LateDossierList Late, IncidentList Incidents)> Lists { get; } = new(StringComparer.Ordinal);

    /// <summary>The operators' unit groups the collector lists (id, Vietnamese name, units).</summary>
    public IReadOnlyList<(string Id, string Name, string[] Units)> Groups { get; set; } = [];

    /// <summary>What the aggregator's <c>GET /api/query/v1/changes</c> answers; null is 404.</summary>
    public ChangeList? Changes { get; set; }

    private StandInCollector(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public static async Task<StandInCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        StandInCollector? self = null;
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            context.Request.Body.Position = 0;
            self!.Requests.Enqueue((context.Request.Method, context.Request.Path + context.Request.QueryString, body,
                context.Request.Headers["X-OpsCenter-Actor"].FirstOrDefault(), context.Request.Headers["X-OpsCenter-Unit"].FirstOrDefault()));
            await next(context);
        });
        app.MapPost("/api/admin/v1/people/sign-in", async (HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var username = body.RootElement.GetProperty("username").GetString()!;
            return Person(username) is { } person
                ? Results.Json(new { outcome = "signedIn", person, delayedUntil = (DateTimeOffset?)null, stamp = "stamp-1" })
                : Results.Json(new { outcome = "wrongPassword" });
        });
        app.MapGet("/api/admin/v1/people/{username}/session", (string username) => Person(username) is { } p
            ? Results.Json(new PersonSessionInfo(p.Username, p.Role, p.Unit, false, "stamp-1"))
            : Results.NotFound());
        app.MapGet("/api/admin/v1/alerts/acknowledge-link", (string? token) => token switch
        {
            GoodToken => Results.Json(new
            {
                key = "system-down|26740/one-door|2026-12-03T02:00:00Z", text = AlertText, textEn = "The one-door system of Saigon Ward is down",
                units = new[] { Unit }, state = "firing", firedAt = DateTimeOffset.UnixEpoch.AddDays(20_000), acknowledgedBy = (string?)null,
                acknowledgedAt = (DateTimeOffset?)null, canConfirm = true,
            }),
            ExpiredToken => Results.Problem(statusCode: 410, title: "The link has expired"),
            _ => Results.Problem(statusCode: 400, title: "The link is invalid"),
        });
        app.MapPost("/api/admin/v1/alerts/acknowledge-link", async (HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            return body.RootElement.GetProperty("token").GetString() switch
            {
                GoodToken => Results.Ok(),
                ExpiredToken => Results.Problem(statusCode: 410, title: "The link has expired"),
                _ => Results.Problem(statusCode: 400, title: "The link is invalid"),
            };
        });
        // Alert actions: "done|..." is already acknowledged or resolved (409), "other|..." lists another unit (403), "gone|..." is unknown (404).
        app.MapPost("/api/admin/v1/alerts/{key}/{action}", (string key, string action) => key.Split('|')[0] switch
        {
            "done" => Results.Problem(statusCode: 409, title: "The alert is already " + (action == "acknowledge" ? "acknowledged" : "resolved")),
            "other" => Results.Problem(statusCode: 403, title: "The alert does not list your unit"),
            "gone" => Results.Problem(statusCode: 404, title: "No such alert"),
            _ => Results.Json(new AlertView(key, "r", "r", "r", "c", AlertLevel.Warning, AlertStates.Acknowledged, [Unit], "t", "t",
                DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "someone", null, null, null, null, 2), OpsCenter.Contracts.WireJson.Options),
        });
        app.MapGet("/api/admin/v1/alerts/rules", () => Results.Text("""
            { "rules": [ { "id": "one-door-down", "name": "Một cửa ngừng", "nameEn": "One-door down", "kind": "systemDown",
              "severity": "critical", "scope": { "kind": "all" }, "holdMinutes": 10, "enabled": false } ] }
            """, "application/json"));
        // The shape of Contracts/Alerts/AlertMailStatus (camelCase on the wire).
        app.MapGet("/api/admin/v1/alerts/mail", () => Results.Json(new
        {
            server = (string?)null, unavailable = "Alerts:Smtp:Host is not set", holdsLease = false, leaseHolder = (string?)null,
            counts = new { pending = 3, sending = 0, sent = 12, givenUp = 1 },
            givenUp = new[] { new { alertKey = "k1", recipient = "le.van.c@example.vn", kind = "fired", attempts = 10, lastError = "connection refused", givenUpAt = DateTimeOffset.UnixEpoch } },
        }));
        app.MapGet("/api/admin/v1/groups", () => Results.Json(self!.Groups.Select(g => new { id = g.Id, name = g.Name, nameEn = g.Name, units = g.Units })));
        app.MapGet("/api/query/v1/units/{unit}/late-dossiers", (string unit) => self!.Lists.TryGetValue(unit, out var lists)
            ? Results.Json(lists.Late, OpsCenter.Contracts.WireJson.Options) : Results.NotFound());
        app.MapGet("/api/query/v1/units/{unit}/incidents", (string unit) => self!.Lists.TryGetValue(unit, out var lists)
            ? Results.Json(lists.Incidents, OpsCenter.Contracts.WireJson.Options) : Results.NotFound());
        app.MapGet("/api/query/v1/changes", () => self!.Changes is { } changes
            ? Results.Json(changes, OpsCenter.Contracts.WireJson.Options) : Results.NotFound());
        app.MapGet("/api/query/v1/alerts", () => Results.Json(self!.OpenAlerts, OpsCenter.Contracts.WireJson.Options));
        app.MapGet("/api/query/v1/alerts/report", (string unit, string week) => Results.Json(new AlertWeeklyReport(unit, week,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(7), 2, 1, 1, 270, 3725, 270,
            [new AlertView("k-week", "r", "Hệ thống ngừng", "System down", "c", AlertLevel.Critical, AlertStates.Resolved, [unit],
                "Một cửa ngừng hoạt động", "One-door system down", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
                DateTimeOffset.UnixEpoch.AddSeconds(270), "nguyen.van.a", null, DateTimeOffset.UnixEpoch.AddSeconds(3725), null, "cleared", 3)]),
            OpsCenter.Contracts.WireJson.Options));
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        self = new StandInCollector(app, address);
        return self;
    }

    /// <summary>The requests that reached the stand-in at <paramref name="path"/> (query string excluded) with <paramref name="method"/>.</summary>
    public int Count(string method, string path) =>
        Requests.Count(r => r.Method == method && r.Path.Split('?')[0] == path);

    private static PersonInfo? Person(string username)
    {
        var role = username.Split('-')[0];
        return Roles.IsPersonRole(role)
            ? new PersonInfo(username, username, role, role == Roles.Department ? Unit : null, false, 0, null, DateTimeOffset.UnixEpoch, null)
            : null;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
