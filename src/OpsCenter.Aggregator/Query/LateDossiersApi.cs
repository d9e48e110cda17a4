using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using OpsCenter.Aggregator.Kpis;
using OpsCenter.Contracts.Query;

namespace OpsCenter.Aggregator.Query;


/// <summary><c>GET /api/query/v1/units/{code}/late-dossiers?limit=</c>: drill-down to the dossiers behind the late count.</summary>
public static class LateDossiersApi
{
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapLateDossiersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/query/v1").WithTags("KPIs");
        api.MapGet("/units/{code}/late-dossiers", GetLateDossiers)
            .WithName("GetLateDossiers")
            .WithSummary("Late dossiers still in progress, oldest due time first, with stage and working days late.");
        api.MapGet("/units/{code}/dossiers/{id}", GetDossier)
            .WithName("GetDossier")
            .WithSummary("One dossier: its status changes and the 766 rule's judgement of it now (due time, late or not, working days late).");
        return api;
    }

    internal static Results<Ok<LateDossierList>, NotFound<ProblemDetailsLike>, ValidationProblem> GetLateDossiers(
        string code, string? limit, KpiState kpis, TimeProvider time)
    {
        if (!kpis.IsKnown(code))
        {
            return TypedResults.NotFound(ProblemDetailsLike.UnknownUnit(code));
        }
        var take = 50;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
        {
            return TypedResults.ValidationProblem(KpiApi.Invalid("limit", $"A whole number from 1 to {MaxLimit}."));
        }
        var now = time.GetUtcNow();
        var (total, items) = kpis.LateDossiers(code, now, take);
        return TypedResults.Ok(new LateDossierList(code, now, total, items));
    }

    internal static Results<Ok<DossierDetail>, NotFound<ProblemDetailsLike>> GetDossier(string code, string id, KpiState kpis, TimeProvider time)
    {
        if (!kpis.IsKnown(code))
        {
            return TypedResults.NotFound(ProblemDetailsLike.UnknownUnit(code));
        }
        return kpis.Dossier(code, id, time.GetUtcNow()) is { } dossier
            ? TypedResults.Ok(dossier)
            : TypedResults.NotFound(new ProblemDetailsLike("https://tools.ietf.org/html/rfc9110#section-15.5.5", "Unknown dossier", 404,
                $"id: unit {code} holds no dossier '{id}' (closed dossiers leave the live state after their retention)."));
    }
}
