using System.Security.Claims;
using OpsCenter.Contracts.Query;
using Microsoft.AspNetCore.Http.HttpResults;
using OpsCenter.Aggregator.Access;
using OpsCenter.Aggregator.Live;
using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Units;

namespace OpsCenter.Aggregator.Query;

/// <summary>Drill-down reads under <c>/api/query/v1</c>.</summary>
public static class QueryApi
{
    public static RouteGroupBuilder MapQueryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/query/v1").WithTags("Query");

        api.MapGet("/units/{code}", GetUnit)
            .WithName("GetUnit")
            .WithSummary("A unit with its live state.");

        api.MapGet("/units/{code}/children", GetChildren)
            .WithName("GetUnitChildren")
            .WithSummary("The units below a unit (the city's wards), each with its live state.");

        api.MapGet("/quarantine", GetQuarantine)
            .WithName("GetQuarantine")
            .WithSummary("Events the live state could not apply (newest first): source, position, error. Readers of every unit only.");

        return api;
    }

    internal static Results<Ok<QuarantineList>, ProblemHttpResult> GetQuarantine(LiveState state, ClaimsPrincipal user)
    {
        // What any source sent, with its payload: not for a reader of one unit.
        var scope = ReaderScope.Of(user);
        return scope.IsAll
            ? TypedResults.Ok(state.Quarantine.List(state.Position, QuarantineLimits.Kept))
            : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Outside the reader's scope",
                detail: "The quarantine holds every unit's events; a key for one unit cannot read it.");
    }

    internal static Results<Ok<UnitView>, NotFound<ProblemDetailsLike>> GetUnit(string code, LiveState state, TimeProvider time)
    {
        var unit = state.Units.Find(code);
        return unit is null
            ? TypedResults.NotFound(ProblemDetailsLike.UnknownUnit(code))
            : TypedResults.Ok(ViewOf(unit, state.Tile(code, time.GetUtcNow())));
    }

    internal static Results<Ok<UnitView[]>, NotFound<ProblemDetailsLike>> GetChildren(string code, LiveState state, TimeProvider time)
    {
        if (state.Units.Find(code) is null)
        {
            return TypedResults.NotFound(ProblemDetailsLike.UnknownUnit(code));
        }
        var now = time.GetUtcNow();
        return TypedResults.Ok(state.Units.ChildrenOf(code).Select(u => ViewOf(u, state.Tile(u.Code, now))).ToArray());
    }

    private static UnitView ViewOf(Unit unit, UnitTile tile) =>
        new(unit.Code, unit.Name, unit.FullName, unit.NameEn, unit.Kind, unit.ParentCode, tile);
}

/// <summary>An RFC 7807 body for typed not-found results.</summary>
public sealed record ProblemDetailsLike(string Type, string Title, int Status, string Detail)
{
    public static ProblemDetailsLike UnknownUnit(string code) =>
        new("https://tools.ietf.org/html/rfc9110#section-15.5.5", "Unknown unit", 404, $"No unit has the code '{code}'.");
}
