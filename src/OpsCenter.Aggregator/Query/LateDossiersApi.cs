using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OpsCenter.Aggregator.Kpis;
using OpsCenter.Aggregator.Scopes;
using OpsCenter.Contracts.Query;

namespace OpsCenter.Aggregator.Query;


/// <summary><c>GET /api/query/v1/units/{code}/late-dossiers?limit=</c>: drill-down to the dossiers behind the late count.</summary>
public static class LateDossiersApi
{
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapLateDossierQueries(this RouteGroupBuilder query)
    {
        var api = query.MapGroup("").WithTags("KPIs");
        api.MapGet("/units/{code}/late-dossiers", GetLateDossiers)
            .WithName("GetLateDossiers")
            .WithSummary("Late dossiers still in progress, oldest due time first, with stage and working days late.");
        api.MapGet("/units/{code}/dossiers/{id}", GetDossier)
            .WithName("GetDossier")
            .WithSummary("One dossier: its status changes and the 766 rule's judgement of it now (due time, late or not, working days late).");
        return api;
    }

    internal static Results<Ok<LateDossierList>, NotFound<ProblemDetails>, ValidationProblem> GetLateDossiers(
        string code, string? limit, KpiState kpis, ScopeMembers scopes, TimeProvider time)
    {
        if (!scopes.IsKnown(code))
        {
            return QueryProblems.UnknownUnit(code);
        }
        var take = 50;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
        {
            return TypedResults.ValidationProblem(QueryProblems.Invalid("limit", $"A whole number from 1 to {MaxLimit}."));
        }
        var now = time.GetUtcNow();
        var (total, items) = kpis.LateDossiers(code, now, take);
        return TypedResults.Ok(new LateDossierList(code, now, total, items));
    }

    internal static Results<Ok<DossierDetail>, NotFound<ProblemDetails>> GetDossier(string code, string id, KpiState kpis, ScopeMembers scopes, TimeProvider time)
    {
        if (!scopes.IsKnown(code))
        {
            return QueryProblems.UnknownUnit(code);
        }
        return kpis.Dossier(code, id, time.GetUtcNow()) is { } dossier
            ? TypedResults.Ok(dossier)
            : QueryProblems.NotFound("Unknown dossier",
                $"id: unit {code} holds no dossier '{id}' (closed dossiers leave the live state after their retention).");
    }
}
