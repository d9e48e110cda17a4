using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OpsCenter.Aggregator.Access;
using OpsCenter.Aggregator.Events;
using OpsCenter.Aggregator.Live;
using OpsCenter.Contracts.Live;
using OpsCenter.Contracts.Query;
using OpsCenter.Domain.Units;

namespace OpsCenter.Aggregator.Query;

/// <summary>A unit's (or the city's, a group's) live tile, its children's, and the quarantine.</summary>
public static class UnitsApi
{
    public static RouteGroupBuilder MapUnitQueries(this RouteGroupBuilder api)
    {
        var units = api.MapGroup("").WithTags("Query");
        units.MapGet("/units/{code}", GetUnit)
            .WithName("GetUnit")
            .WithSummary("A unit with its live state.");
        units.MapGet("/units/{code}/children", GetChildren)
            .WithName("GetUnitChildren")
            .WithSummary("The units below a unit (the city's wards), each with its live state.");
        units.MapGet("/quarantine", GetQuarantine)
            .WithName("GetQuarantine")
            .WithSummary("Events the live state could not apply (newest first): source, position, error. Readers of every unit only.");
        return units;
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

    internal static Results<Ok<UnitView>, NotFound<ProblemDetails>> GetUnit(string code, LiveState state, UnitCatalog catalog, TimeProvider time)
    {
        var unit = catalog.Find(code);
        return unit is null
            ? QueryProblems.UnknownUnit(code)
            : TypedResults.Ok(ViewOf(unit, state.Tile(code, time.GetUtcNow())));
    }

    internal static Results<Ok<UnitView[]>, NotFound<ProblemDetails>> GetChildren(string code, LiveState state, UnitCatalog catalog, TimeProvider time)
    {
        if (catalog.Find(code) is null)
        {
            return QueryProblems.UnknownUnit(code);
        }
        var now = time.GetUtcNow();
        return TypedResults.Ok(catalog.ChildrenOf(code).Select(u => ViewOf(u, state.Tile(u.Code, now))).ToArray());
    }

    private static UnitView ViewOf(Unit unit, UnitTile tile) =>
        new(unit.Code, unit.Name, unit.FullName, unit.NameEn, unit.Kind, unit.ParentCode, tile);
}
