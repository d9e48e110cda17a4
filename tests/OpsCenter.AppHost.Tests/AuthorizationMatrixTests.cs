using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using OpsCenter.AppHost.Tests.Wall;
using OpsCenter.Contracts.Ingest;
using static OpsCenter.AppHost.Tests.AuthorizationMatrix;

namespace OpsCenter.AppHost.Tests;

/// <summary>
/// Who may call what, generated from the services' own route tables (<c>/_opscenter/routes</c>, which
/// the fixture asks them to serve): every endpoint and hub method against every kind of caller, through
/// the gateway as a client calls it. A route with no expected answer in <see cref="AuthorizationMatrix"/>
/// fails the test, and so does an expected answer for a route that no longer exists.
/// </summary>
public sealed class AuthorizationMatrixTests(CenterFixture center)
{
    private const string Password = "mat-khau-ma-tran-quyen";
    private const string ClientAddress = "127.0.0.77";
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    [Fact]
    public async Task EveryEndpoint_EveryPrincipal_GetsTheExpectedAnswer()
    {
        var clock = Stopwatch.StartNew();
        var tables = await RouteTablesAsync();
        var rows = Rows(tables);
        var missing = rows.Where(r => Find(r) is null).Select(r => $"new endpoint without an expected answer: {r.Service} {r.Method} {r.Pattern}").ToList();
        var stale = Http.Where(e => !e.Static && !rows.Any(r => r.Service == e.Service && r.Method == e.Method && r.Pattern == e.Pattern))
            .Select(e => $"expected answer for an endpoint that does not exist (stale table): {e.Service} {e.Method} {e.Pattern}").ToList();
        Assert.True(missing.Count + stale.Count == 0, string.Join('\n', missing.Concat(stale)));

        var callers = await CallersAsync();
        // Past Aspire's development proxy, from an address of the test's own: the Wall's limits per client address count it alone.
        using var client = WallHttp.Client(await center.ProcessUrlAsync("gateway"), from: ClientAddress);
        var checks = new List<Check>();
        foreach (var row in rows.Where(r => !r.Static))
        {
            var expected = Find(row)!;
            if (expected.Reach != Reach.Public)
            {
                checks.Add(new Check(row, expected, Principal.Anonymous, UnitA, expected.Reach == Reach.GatewayOwn ? Outcome.Allowed : Outcome.Hidden));
                continue;
            }
            foreach (var principal in Enum.GetValues<Principal>())
            {
                checks.Add(new Check(row, expected, principal, UnitA, expected.Allows(principal, UnitA)));
                if (expected.UnitScoped)
                {
                    checks.Add(new Check(row, expected, principal, UnitB, expected.Allows(principal, UnitB)));
                }
            }
        }
        // Static files are public by nature: all of them must be flagged so, and a few are fetched by everyone.
        foreach (var row in rows.Where(r => r.Static).Take(4))
        {
            checks.AddRange(Enum.GetValues<Principal>().Select(p => new Check(row, StaticFile, p, UnitA, Outcome.Allowed)));
        }

        // Signing out ends the person's sessions everywhere: those checks run last.
        var last = checks.Where(c => c.Row.Pattern == "/account/signout").ToList();
        var failures = new ConcurrentBag<string>();
        await RunAsync(checks.Except(last), client, callers, failures);
        await RunAsync(last, client, callers, failures);

        var sorted = failures.Order(StringComparer.Ordinal).ToList();
        Assert.True(sorted.Count == 0,
            $"{sorted.Count} of {checks.Count} answers were not the expected ones ({rows.Count} routes, {clock.Elapsed.TotalSeconds:0.0} s):\n" + string.Join('\n', sorted));
        TestContext.Current.SendDiagnosticMessage(
            $"Authorisation matrix: {rows.Count(r => !r.Static)} routes + {rows.Count(r => r.Static)} static files x {Enum.GetValues<Principal>().Length} principals, {checks.Count} requests, {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task EveryHubMethod_EveryPrincipal_GetsTheExpectedAnswer()
    {
        var tables = await RouteTablesAsync();
        var hubs = tables.SelectMany(t => t.Value.Hubs.Select(h => (Service: t.Key, h.Pattern, h.Methods))).ToList();
        var missing = hubs.Where(h => !Hubs.ContainsKey((h.Service, h.Pattern))).Select(h => $"new hub without an expected answer: {h.Service} {h.Pattern}")
            .Concat(hubs.Where(h => Hubs.TryGetValue((h.Service, h.Pattern), out var e) && e is not null)
                .SelectMany(h => h.Methods.Where(m => !Hubs[(h.Service, h.Pattern)]!.ContainsKey(m)).Select(m => $"new hub method without an expected answer: {h.Service} {h.Pattern} {m}")))
            .Concat(Hubs.Where(e => !hubs.Any(h => (h.Service, h.Pattern) == e.Key)).Select(e => $"expected answer for a hub that does not exist (stale table): {e.Key}"))
            .Concat(Hubs.Where(e => e.Value is not null).SelectMany(e => e.Value!.Keys
                .Where(m => !hubs.Any(h => (h.Service, h.Pattern) == e.Key && h.Methods.Contains(m)))
                .Select(m => $"expected answer for a hub method that does not exist (stale table): {e.Key} {m}")))
            .ToList();
        Assert.True(missing.Count == 0, string.Join('\n', missing));

        var callers = await CallersAsync();
        // Bearer tokens (access_token on WebSockets) are what a hub reads; cookies go along, and must not count.
        Dictionary<Principal, (string? Token, string? Cookie)> presents = new()
        {
            [Principal.Anonymous] = (null, null),
            [Principal.SourceA] = (callers.SourceKeyA, null),
            [Principal.SourceB] = (callers.SourceKeyB, null),
            [Principal.ReaderA] = (CenterFixture.ScopedReaderKey, null),
            [Principal.Screen] = (null, $"opscenter.device={RunningCenter.WallDeviceToken}"),
            [Principal.EmbedA] = (callers.EmbedToken, null),
            [Principal.Operator] = (null, callers.Cookies[Principal.Operator]),
            [Principal.DepartmentA] = (null, callers.Cookies[Principal.DepartmentA]),
            [Principal.Briefing] = (null, callers.Cookies[Principal.Briefing]),
            [Principal.Admin] = (RunningCenter.AdminKey, callers.Cookies[Principal.Admin]),
        };
        Assert.Equal(Enum.GetValues<Principal>().Length, presents.Count);
        var failures = new ConcurrentBag<string>();
        var cancellation = TestContext.Current.CancellationToken;
        await Parallel.ForEachAsync(presents, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellation }, async (caller, ct) =>
        {
            foreach (var hub in hubs.Where(h => Hubs[(h.Service, h.Pattern)] is not null))
            {
                await using var connection = new HubConnectionBuilder()
                    .WithUrl(new Uri(center.GatewayUrl, hub.Pattern), o =>
                    {
                        o.AccessTokenProvider = () => Task.FromResult(caller.Value.Token);
                        if (caller.Value.Cookie is { } cookie)
                        {
                            o.Headers["Cookie"] = cookie;
                        }
                    })
                    .Build();
                var connected = true;
                try
                {
                    await connection.StartAsync(ct);
                }
                catch (HttpRequestException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    connected = false;
                }
                foreach (var (method, calls) in Hubs[(hub.Service, hub.Pattern)]!)
                {
                    foreach (var call in calls)
                    {
                        var expected = call.Allowed.Contains(caller.Key) ? Outcome.Allowed : Outcome.Refused;
                        var actual = Outcome.Refused;
                        var detail = "could not connect";
                        if (connected)
                        {
                            try
                            {
                                await connection.InvokeCoreAsync(method, typeof(object), [call.Argument], ct);
                                (actual, detail) = (Outcome.Allowed, "answered");
                            }
                            catch (HubException e)
                            {
                                detail = e.Message;
                            }
                        }
                        if (actual != expected)
                        {
                            failures.Add($"{hub.Service} {hub.Pattern} {method}({call.Argument}) as {caller.Key}: expected {expected}, got {actual} ({detail})");
                        }
                    }
                }
            }
        });
        Assert.True(failures.IsEmpty, string.Join('\n', failures.Order(StringComparer.Ordinal)));
    }

    private static async Task RunAsync(IEnumerable<Check> checks, HttpClient client, Callers callers, ConcurrentBag<string> failures) =>
        await Parallel.ForEachAsync(checks, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = TestContext.Current.CancellationToken },
            async (check, ct) =>
            {
                using var request = Request(check, callers);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(20));
                string got;
                Outcome actual;
                try
                {
                    // Headers only: the embed stream and the hubs' long polls never end by themselves.
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                    actual = Classify(response);
                    got = $"{(int)response.StatusCode}{(response.Headers.Location is { } to ? " -> " + to : "")}";
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    (actual, got) = (Outcome.Failed, "no answer within 20 s");
                }
                if (actual == Outcome.Hidden && check.Expected != Outcome.Hidden)
                {
                    // A 404 is an answer (no such person, dossier...) unless the table says the gateway hides the path.
                    actual = Outcome.Allowed;
                }
                if (actual != check.Expected)
                {
                    failures.Add($"{check.Row.Service} {check.Row.Method} {check.Row.Pattern} ({request.RequestUri}) as {check.Principal}: expected {check.Expected}, got {actual} ({got})");
                }
            });

    /// <summary>What a caller would make of the answer: refused (401, 403, sent to sign in, denied or pair), hidden (404 at the gateway), or served.</summary>
    private static Outcome Classify(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is 401 or 403)
        {
            return Outcome.Refused;
        }
        if (status is >= 300 and < 400 && response.Headers.Location is { } location)
        {
            var to = location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
            // A challenge carries the page asked for (returnUrl); "/signin" alone is an answer (signed out, not signed in).
            return to.StartsWith("/denied", StringComparison.Ordinal)
                || (to.StartsWith("/signin?", StringComparison.Ordinal) && to.Contains("returnUrl=", StringComparison.Ordinal))
                || (to.StartsWith("/pair?", StringComparison.Ordinal) && to.Contains("returnUrl=", StringComparison.Ordinal))
                ? Outcome.Refused
                : Outcome.Allowed;
        }
        return status switch
        {
            404 => Outcome.Hidden,
            429 or >= 500 => Outcome.Failed,
            _ => Outcome.Allowed,
        };
    }

    private static HttpRequestMessage Request(Check check, Callers callers)
    {
        var row = check.Row;
        var path = Fill(row, check.Unit, callers);
        if (check.Principal == Principal.EmbedA)
        {
            path += (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "token=" + Uri.EscapeDataString(callers.EmbedToken);
        }
        var request = new HttpRequestMessage(new HttpMethod(row.Method == "*" ? "GET" : row.Method), path);
        if (row.Method is "POST" or "PUT" or "PATCH")
        {
            // A body of the kind the endpoint takes, so that routing picks it (415 otherwise) and binding gets that far;
            // the Wall's forms carry one field and no antiforgery token.
            const string Form = "application/x-www-form-urlencoded";
            var accepts = row.Accepts ?? [];
            request.Content = accepts.Contains(Form) || (accepts.Count == 0 && row.Service == "wall")
                ? new FormUrlEncodedContent([new("matrix", "1")])
                : accepts.Count == 0 || accepts.Contains("application/json")
                    ? new StringContent("{}", Encoding.UTF8, "application/json")
                    : new StringContent("", Encoding.UTF8, accepts[0]);
        }
        switch (check.Principal)
        {
            case Principal.SourceA:
                request.Headers.Add(IngestHeaders.ApiKey, callers.SourceKeyA);
                break;
            case Principal.SourceB:
                request.Headers.Add(IngestHeaders.ApiKey, callers.SourceKeyB);
                break;
            case Principal.ReaderA:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CenterFixture.ScopedReaderKey);
                break;
            case Principal.EmbedA:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", callers.EmbedToken);
                break;
            case Principal.Screen:
                request.Headers.Add("Cookie", $"opscenter.device={RunningCenter.WallDeviceToken}");
                break;
            case Principal.Admin:
                // "admin" is the admin person on the Wall and the admin key on the collector's admin API.
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", RunningCenter.AdminKey);
                request.Headers.Add("Cookie", callers.Cookies[Principal.Admin]);
                break;
            case Principal.Operator or Principal.DepartmentA or Principal.Briefing:
                request.Headers.Add("Cookie", callers.Cookies[check.Principal]);
                break;
            default:
                break;
        }
        return request;
    }

    /// <summary>
    /// Route values that exist where a read needs them (unit A or B, the matrix's own source, a person),
    /// and that name nothing where a call would change something: the matrix must not revoke, delete or
    /// sign out what other tests (or its own principals) use.
    /// </summary>
    private static string Fill(Row row, string unit, Callers callers)
    {
        var reads = row.Method is "GET" or "*";
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["code"] = unit,
            ["id"] = reads && row.Pattern.StartsWith("/api/admin/v1/sources/", StringComparison.Ordinal) ? callers.SourceIdA : "matrix-none",
            ["keyId"] = "matrix-none",
            ["key"] = "matrix|none|20260101T000000Z",
            ["username"] = reads ? callers.Usernames[Principal.Operator] : "matrix-nobody",
            ["position"] = "999999999",
            ["system"] = reads ? "civil-status" : "matrix-none",
            ["view"] = "city",
            ["documentName"] = "v1",
            ["path"] = "css/wall.css",
        };
        var path = System.Text.RegularExpressions.Regex.Replace(row.Pattern, @"\{\*{0,2}([A-Za-z]+)(:[^}]*)?\??\}",
            m => values.TryGetValue(m.Groups[1].Value, out var v) ? (m.Value.StartsWith("{*", StringComparison.Ordinal) ? v : Uri.EscapeDataString(v)) : throw new InvalidOperationException($"No value for {m.Value} in {row.Pattern}"));
        return path;
    }

    private async Task<Dictionary<string, RouteTableDto>> RouteTablesAsync()
    {
        var tables = new Dictionary<string, RouteTableDto>(StringComparer.Ordinal);
        foreach (var service in new[] { "collector", "aggregator", "wall" })
        {
            using var http = new HttpClient { BaseAddress = await center.ProcessUrlAsync(service), Timeout = TimeSpan.FromSeconds(30) };
            tables[service] = (await http.GetFromJsonAsync<RouteTableDto>("/_opscenter/routes", Json, TestContext.Current.CancellationToken))!;
        }
        return tables;
    }

    private static List<Row> Rows(Dictionary<string, RouteTableDto> tables) =>
        [.. tables.SelectMany(t => t.Value.Routes.SelectMany(r => (r.Methods.Count == 0 ? ["*"] : r.Methods)
            .Where(m => m != "OPTIONS" && m != "HEAD")
            .Select(m => new Row(t.Key, m, r.Pattern, r.StaticAsset, r.Accepts))))];

    private async Task<Callers> CallersAsync()
    {
        var sourceA = await CreateSourceAsync(UnitA);
        var sourceB = await CreateSourceAsync(UnitB);
        var embed = await IssueEmbedTokenAsync();
        var people = new Dictionary<Principal, (string Role, string? Unit)>
        {
            [Principal.Operator] = ("operator", null),
            [Principal.DepartmentA] = ("department", UnitA),
            [Principal.Briefing] = ("briefing", null),
            // Its own administrator, not the seeded "admin": signing out ends every session of the person.
            [Principal.Admin] = ("admin", null),
        };
        var usernames = new Dictionary<Principal, string>();
        var cookies = new Dictionary<Principal, string>();
        using var client = WallHttp.Client(await center.ProcessUrlAsync("gateway"), from: ClientAddress);
        foreach (var (principal, (role, unit)) in people)
        {
            usernames[principal] = await WallHttp.CreatePersonAsync(center, "mx-" + role[..3], role, unit, Password);
            cookies[principal] = await WallHttp.SignedInCookieAsync(client, usernames[principal], Password);
        }
        return new Callers(sourceA.Id, sourceA.Key, sourceB.Key, embed, usernames, cookies);
    }

    private async Task<(string Id, string Key)> CreateSourceAsync(string unit)
    {
        var id = $"matrix-{unit}-{Guid.NewGuid():N}"[..24];
        using var admin = WallHttp.AdminClient(center);
        var ct = TestContext.Current.CancellationToken;
        using (var put = await admin.PutAsJsonAsync($"/api/admin/v1/sources/{id}",
            new { name = $"Ma trận quyền {unit}", units = new[] { unit }, kinds = DataKinds.All, expectedIntervalSeconds = 300 }, ct))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        using var issued = await admin.PostAsync($"/api/admin/v1/sources/{id}/keys", null, ct);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var key = (await issued.Content.ReadFromJsonAsync<JsonElement>(Json, ct)).GetProperty("key").GetString()!;
        return (id, key);
    }

    private async Task<string> IssueEmbedTokenAsync()
    {
        using var admin = WallHttp.AdminClient(center);
        var ct = TestContext.Current.CancellationToken;
        using var response = await admin.PostAsJsonAsync("/api/admin/v1/embed-tokens",
            new { unit = UnitA, label = $"matrix-{Guid.NewGuid():N}", kinds = new[] { "card", "badge", "json" }, origins = new[] { "https://phuong.example" } }, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct)).GetProperty("token").GetString()!;
    }

    private sealed record Callers(string SourceIdA, string SourceKeyA, string SourceKeyB, string EmbedToken,
        Dictionary<Principal, string> Usernames, Dictionary<Principal, string> Cookies);

    private sealed record Check(Row Row, Expectation Expectation, Principal Principal, string Unit, Outcome Expected);

    private sealed record RouteTableDto(List<RouteDto> Routes, List<HubDto> Hubs);

    private sealed record RouteDto(List<string> Methods, string Pattern, bool AllowAnonymous, List<string> Policies, bool StaticAsset, List<string> Accepts);

    private sealed record HubDto(string Pattern, List<string> Methods);
}
