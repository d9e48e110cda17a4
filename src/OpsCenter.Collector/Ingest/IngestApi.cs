using Microsoft.AspNetCore.Http.HttpResults;
using OpsCenter.Contracts.Ingest;

namespace OpsCenter.Collector.Ingest;

/// <summary>The push API sources call, under <c>/api/ingest/v1</c>: one endpoint per data kind.</summary>
public static class IngestApi
{
    public static RouteGroupBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/ingest/v1").WithTags("Ingest");

        api.MapGet("/time", GetTime)
            .WithName("GetServerTime")
            .WithSummary("Server time in UTC, for sources to check their clock skew.");

        api.MapGet("/report", GetOwnReport)
            .RequireAuthorization(IngestPolicies.Source)
            .WithName("GetOwnSourceReport")
            .WithSummary("What arrived from the calling source per kind, and its recent rejections with their reasons.");

        MapKind(api, "/health", "PostHealthSamples", "health samples", HealthRules.Instance);
        MapKind(api, "/dossiers", "PostDossierEvents", "dossier status events", DossierRules.Instance);
        MapKind(api, "/backlog", "PostBacklogSnapshots", "daily backlog counts", BacklogRules.Instance);
        MapKind(api, "/index-scores", "PostIndexScores", "published index scores", IndexScoreRules.Instance);
        MapKind(api, "/incidents", "PostIncidents", "incidents", IncidentRules.Instance);

        return api;
    }

    private static void MapKind<TItem>(RouteGroupBuilder api, string path, string name, string what, IItemRules<TItem> rules) =>
        api.MapPost(path, (HttpContext context, IngestPipeline pipeline) => pipeline.HandleAsync(context, rules))
            .RequireAuthorization(IngestPolicies.Source)
            .RequireRateLimiting(IngestPolicies.Source)
            .WithName(name)
            .WithSummary($"Stores a batch of {what}: all or nothing, idempotent by the Idempotency-Key header.")
            .Accepts<IngestBatch<TItem>>("application/json")
            .Produces<IngestAck>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    internal static Ok<ServerTime> GetTime(TimeProvider time) => TypedResults.Ok(new ServerTime(time.GetUtcNow()));

    internal static async Task<Ok<Contracts.Admin.SourceReport>> GetOwnReport(HttpContext context, Storage.Admin.AdminStore admin, TimeProvider time) =>
        TypedResults.Ok(await Admin.SourcesAdminApi.ReportAsync(Sources.SourceHttpContextExtensions.GetSource(context).Id, admin, time, context.RequestAborted));
}

public sealed record ServerTime(DateTimeOffset UtcNow);

public static class IngestPolicies
{
    public const string Source = "source";
}
