using Microsoft.AspNetCore.Http.HttpResults;
using OpsCenter.Simulator.Feeds;
using OpsCenter.Simulator.Load;

namespace OpsCenter.Simulator.Api;

/// <summary><c>POST /load</c> runs a load and answers with its report; <c>GET /status</c> says what was sent.</summary>
public static class LoadApi
{
    public static IEndpointRouteBuilder MapLoadApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/load", RunLoad).WithTags("Load").WithName("RunLoad")
            .WithSummary("Sustains perSecond items of a kind (health or dossier) for seconds, then reports the achieved rate.");
        app.MapGet("/load", (LoadRunner runner) => runner.Last is { } last ? Results.Ok(last) : Results.NoContent())
            .WithTags("Load").WithName("LastLoad");
        app.MapGet("/status", (SimulatorStatus status) => TypedResults.Ok(status)).WithTags("Status").WithName("GetStatus")
            .WithSummary("The backfill's duration and counts, and the batches and items sent per kind.");
        return app;
    }

    internal static async Task<Results<Ok<LoadReport>, ValidationProblem, Conflict<string>>> RunLoad(
        LoadRequest request, LoadRunner runner, CancellationToken cancellationToken)
    {
        if (LoadRunner.Validate(request) is { } error)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["request"] = [error] });
        }
        return await runner.RunAsync(request, cancellationToken) is { } report
            ? TypedResults.Ok(report)
            : TypedResults.Conflict("A load run is in progress.");
    }
}
