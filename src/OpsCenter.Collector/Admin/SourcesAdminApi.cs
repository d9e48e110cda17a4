using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OpsCenter.Collector.Pull;
using OpsCenter.Contracts.Admin;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.Admin;
using OpsCenter.Storage.Sources;

namespace OpsCenter.Collector.Admin;

/// <summary>Sources, their keys and their reports under <c>/api/admin/v1/sources</c>.</summary>
public static class SourcesAdminApi
{
    public static RouteGroupBuilder MapSourcesAdminApi(this RouteGroupBuilder admin)
    {
        var sources = admin.MapGroup("/sources").WithTags("Admin: sources");
        sources.MapGet("/", ListSources).WithName("ListSources").WithSummary("Every source with its scope, kinds and interval; a polled source with its last check (status, reason, when).");
        sources.MapGet("/{id}", GetSource).WithName("GetSource");
        sources.MapPut("/{id}", PutSource).WithName("SaveSource").WithSummary("Creates or changes a source (audited).");
        sources.MapGet("/{id}/keys", ListKeys).WithName("ListSourceKeys").WithSummary("Key ids with creation and revocation times; never the keys.");
        sources.MapPost("/{id}/keys", IssueKey).WithName("IssueSourceKey").WithSummary("Issues a new key, returned once; older keys stay valid until revoked.");
        sources.MapDelete("/{id}/keys/{keyId}", RevokeKey).WithName("RevokeSourceKey").WithSummary("Revokes a key at once (audited).");
        sources.MapGet("/{id}/report", GetReport).WithName("GetSourceReport").WithSummary("What arrived from the source per kind, and its recent rejections.");
        return sources;
    }

    internal static async Task<Ok<SourceInfo[]>> ListSources(ISourceRegistry registry, HealthPoller poller, CancellationToken cancellationToken) =>
        TypedResults.Ok((await registry.ListSourcesAsync(cancellationToken)).Select(s => Info(s, poller)).ToArray());

    internal static async Task<Results<Ok<SourceInfo>, NotFound>> GetSource(string id, ISourceRegistry registry, HealthPoller poller, CancellationToken cancellationToken) =>
        await registry.GetSourceAsync(id, cancellationToken) is { } source ? TypedResults.Ok(Info(source, poller)) : TypedResults.NotFound();

    internal static async Task<Results<Ok<SourceInfo>, ValidationProblem>> PutSource(
        string id, SourceRequest request, ISourceRegistry registry, UnitCatalog units, HealthPoller poller, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var check = new AdminValidation()
            .Id(id, "id")
            .Name(request.Name, "name")
            .Require(request.Kinds is { Count: > 0 } && request.Kinds.All(DataKinds.All.Contains), "kinds", $"One or more of {string.Join(", ", DataKinds.All)}.")
            .Require(request.ExpectedIntervalSeconds is >= 1 and <= 7 * 86400, "expectedIntervalSeconds", "From 1 second to 7 days.")
            .Require(request.HealthUrl is null || (Uri.TryCreate(request.HealthUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"),
                "healthUrl", "An absolute http(s) URL, or null.")
            .Require(request.HealthUrl is null || request.Units is { Count: 1 }, "units", "A polled source reports for exactly one unit.")
            .Require(request.HealthUrl is null || Domain.Health.SystemCatalog.Find(request.HealthSystem ?? "") is not null, "healthSystem",
                "A polled source names the system its URL checks, e.g. civil-status.");
        var unknown = request.Units?.FirstOrDefault(u => !units.Contains(u));
        check.Require(unknown is null, "units", $"Unknown unit code '{unknown}'.");
        if (!check.IsValid)
        {
            return check.Problem();
        }
        var source = new Source(id, request.Name!.Trim(), request.Units is { Count: > 0 } list ? [.. list.Distinct()] : null,
            [.. request.Kinds!.Distinct()], TimeSpan.FromSeconds(request.ExpectedIntervalSeconds!.Value), request.HealthUrl,
            request.HealthUrl is null ? null : request.HealthSystem);
        await registry.UpsertSourceAsync(source, user.Actor(), cancellationToken);
        return TypedResults.Ok(Info(source, poller));
    }

    internal static async Task<Results<Ok<SourceKeyInfo[]>, NotFound>> ListKeys(string id, ISourceRegistry registry, CancellationToken cancellationToken) =>
        await registry.GetSourceAsync(id, cancellationToken) is null
            ? TypedResults.NotFound()
            : TypedResults.Ok((await registry.ListKeysAsync(id, cancellationToken)).Select(k => new SourceKeyInfo(k.KeyId, k.CreatedAt, k.RevokedAt)).ToArray());

    internal static async Task<Results<Created<NewSourceKey>, NotFound>> IssueKey(string id, ISourceRegistry registry, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (await registry.GetSourceAsync(id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }
        var issued = await registry.IssueKeyAsync(id, user.Actor(), cancellationToken);
        return TypedResults.Created($"/api/admin/v1/sources/{id}/keys/{issued.KeyId}", new NewSourceKey(issued.KeyId, issued.Key));
    }

    internal static async Task<Results<NoContent, NotFound>> RevokeKey(string id, string keyId, ISourceRegistry registry, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await registry.RevokeKeyAsync(id, keyId, user.Actor(), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    internal static async Task<Results<Ok<SourceReport>, NotFound>> GetReport(string id, ISourceRegistry registry, AdminStore admin, TimeProvider time, CancellationToken cancellationToken) =>
        await registry.GetSourceAsync(id, cancellationToken) is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(await ReportAsync(id, admin, time, cancellationToken));

    internal static async Task<SourceReport> ReportAsync(string id, AdminStore admin, TimeProvider time, CancellationToken cancellationToken) =>
        new(id, time.GetUtcNow(),
            [.. (await admin.ListArrivalsAsync(id, cancellationToken)).Select(a => new KindArrivalsInfo(a.Kind, a.Count, a.LastReceivedAt, a.LastItem))],
            [.. (await admin.ListRejectionsAsync(id, 20, cancellationToken)).Select(r => new RejectionInfo(r.At, r.Kind, r.Status, r.Title, r.Errors))]);

    /// <summary>A source with its last poll (only while its URL is the one polled).</summary>
    internal static SourceInfo Info(Source s, HealthPoller poller) => new(s.Id, s.Name, s.Units, s.Kinds, (int)s.ExpectedInterval.TotalSeconds, s.HealthUrl, s.HealthSystem,
        s.HealthUrl is not null && poller.LastOutcomeOf(s.Id) is { } last && last.Url == s.HealthUrl ? Info(last) : null);

    internal static PollInfo Info(PollOutcome poll) => new(poll.Url, poll.Status, poll.Reason, poll.At, poll.LatencyMs,
        poll.Refused is { } refused ? new PollRefusalInfo(refused.Target, JsonNamingPolicy.CamelCase.ConvertName(refused.Range.ToString()), refused.Host) : null);
}
