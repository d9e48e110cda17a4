using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OpsCenter.Aggregator.Access;

namespace OpsCenter.Aggregator.Query;

/// <summary>
/// Every read under <c>/api/query/v1</c>: one group, a reader key required and the reader's scope
/// enforced once for all (<see cref="ReaderScopeFilterExtensions.RequireReader"/>); each area adds its endpoints.
/// </summary>
public static class QueryApi
{
    public const string Prefix = "/api/query/v1";

    public static RouteGroupBuilder MapQueryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).RequireReader();
        api.MapUnitQueries();
        api.MapKpiQueries();
        api.MapLateDossierQueries();
        api.MapRankingQueries();
        api.MapSeriesQueries();
        api.MapHealthQueries();
        api.MapChangeQueries();
        api.MapAlertQueries();
        return api;
    }
}

/// <summary>The RFC 7807 bodies of the query API's errors.</summary>
internal static class QueryProblems
{
    private const string NotFoundType = "https://tools.ietf.org/html/rfc9110#section-15.5.5";

    public static NotFound<ProblemDetails> UnknownUnit(string code) => NotFound("Unknown unit", $"No unit has the code '{code}'.");

    public static NotFound<ProblemDetails> NotFound(string title, string detail) =>
        TypedResults.NotFound(new ProblemDetails { Type = NotFoundType, Title = title, Status = StatusCodes.Status404NotFound, Detail = detail });

    /// <summary>The errors of a <see cref="ValidationProblem"/> for one query parameter.</summary>
    public static Dictionary<string, string[]> Invalid(string parameter, string message) => new() { [parameter] = [message] };
}
