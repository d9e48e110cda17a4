using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpsCenter.Collector.Sources;
using OpsCenter.Domain.Units;

namespace OpsCenter.Collector.Ingest;

/// <summary>The push API sources call, under <c>/api/ingest/v1</c>.</summary>
public static class IngestApi
{
    public static RouteGroupBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/ingest/v1").WithTags("Ingest");

        api.MapGet("/time", GetTime)
            .WithName("GetServerTime")
            .WithSummary("Server time in UTC, for sources to check their clock skew.");

        api.MapPost("/health", PostHealth)
            .RequireAuthorization(IngestPolicies.Source)
            .WithName("PostHealthSamples")
            .WithSummary("Stores a batch of health samples (all or nothing, idempotent by Idempotency-Key).")
            .Accepts<Contracts.Ingest.IngestBatch<Contracts.Ingest.HealthSample>>("application/json")
            .Produces<Contracts.Ingest.IngestAck>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        return api;
    }

    internal static Ok<ServerTime> GetTime(TimeProvider time) => TypedResults.Ok(new ServerTime(time.GetUtcNow()));

    internal static Task<IResult> PostHealth(
        HttpContext context, IngestPipeline pipeline, UnitCatalog units, IOptionsMonitor<IngestOptions> options) =>
        pipeline.HandleAsync(context, new HealthRules(units, options.CurrentValue));
}

public sealed record ServerTime(DateTimeOffset UtcNow);

public static class IngestPolicies
{
    public const string Source = "source";
}
