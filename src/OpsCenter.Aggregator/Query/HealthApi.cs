using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OpsCenter.Aggregator.Health;
using OpsCenter.Aggregator.Kpis;
using OpsCenter.Aggregator.Scopes;
using OpsCenter.Contracts.Query;

namespace OpsCenter.Aggregator.Query;

/// <summary>
/// <c>GET /api/query/v1/units/{code}/health</c> and <c>.../systems/{system}/timeline?range=</c>:
/// systems' availability over 24 hours and 30 days, and their status over time.
/// </summary>
public static class HealthApi
{
    public static RouteGroupBuilder MapHealthQueries(this RouteGroupBuilder query)
    {
        var api = query.MapGroup("").WithTags("Health");
        api.MapGet("/units/{code}/health", GetHealth)
            .WithName("GetUnitHealth")
            .WithSummary("Per system: current state, last seen, availability over 24 h and 30 days (maintenance excluded) with the seconds behind it.");
        api.MapGet("/units/{code}/systems/{system}/timeline", GetTimeline)
            .WithName("GetSystemTimeline")
            .WithSummary("A system's status segments (up, degraded, down, maintenance, no data) over 24h, 7d or 30d, oldest first.");
        return api;
    }

    internal static async Task<Results<Ok<UnitHealth>, NotFound<ProblemDetails>>> GetHealth(
        string code, ScopeMembers scopes, HealthReports health, TimeProvider time, CancellationToken cancellationToken) =>
        scopes.IsKnown(code)
            ? TypedResults.Ok(await health.UnitAsync(code, time.GetUtcNow(), cancellationToken))
            : QueryProblems.UnknownUnit(code);

    internal static async Task<Results<Ok<SystemTimeline>, NotFound<ProblemDetails>, ValidationProblem>> GetTimeline(
        string code, string system, string? range, ScopeMembers scopes, HealthReports health, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!scopes.IsKnown(code) || scopes.IsRollup(code))
        {
            return QueryProblems.UnknownUnit(code);
        }
        range ??= "24h";
        if (!HealthReports.Ranges.ContainsKey(range))
        {
            return TypedResults.ValidationProblem(QueryProblems.Invalid("range", "Use 24h, 7d or 30d."));
        }
        return TypedResults.Ok(await health.TimelineAsync(code, system, range, time.GetUtcNow(), cancellationToken));
    }
}
