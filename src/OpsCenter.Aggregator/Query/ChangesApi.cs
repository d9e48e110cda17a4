using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OpsCenter.Aggregator.Access;
using OpsCenter.Aggregator.Changes;
using OpsCenter.Aggregator.Live;
using OpsCenter.Aggregator.Scopes;
using OpsCenter.Contracts.Live;
using OpsCenter.Contracts.Query;

namespace OpsCenter.Aggregator.Query;



/// <summary>
/// <c>GET /api/query/v1/changes?unit=&amp;since=&amp;limit=</c>: the feed of what changed, and
/// <c>GET /api/query/v1/units/{code}/incidents</c>: open incidents, for the wall's incidents tile.
/// </summary>
public static class ChangesApi
{
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapChangeQueries(this RouteGroupBuilder query)
    {
        var api = query.MapGroup("").WithTags("Changes");
        api.MapGet("/changes", GetChanges)
            .WithName("GetChanges")
            .WithSummary("What changed (systems down/up, units stale/back, late jumps, incidents), newest first; unit = a unit, 79 (all) or a group id.");
        api.MapGet("/units/{code}/incidents", GetIncidents)
            .WithName("GetOpenIncidents")
            .WithSummary("Incidents not yet resolved in a unit, the city (79) or a group, most severe first.");
        return api;
    }

    internal static Results<Ok<ChangeList>, NotFound<ProblemDetails>, ValidationProblem> GetChanges(
        string? unit, string? since, string? limit, ChangeFeed changes, ScopeMembers scopes, ClaimsPrincipal user)
    {
        // A reader scoped to one unit reads its own changes when it names none.
        unit ??= ReaderScope.Of(user).Unit ?? scopes.City;
        if (!scopes.IsKnown(unit))
        {
            return QueryProblems.UnknownUnit(unit);
        }
        DateTimeOffset? from = null;
        if (since is not null)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return TypedResults.ValidationProblem(QueryProblems.Invalid("since", "An ISO 8601 time, e.g. 2026-03-10T09:00:00+07:00."));
            }
            from = parsed;
        }
        var take = 100;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
        {
            return TypedResults.ValidationProblem(QueryProblems.Invalid("limit", $"A whole number from 1 to {MaxLimit}."));
        }
        var members = scopes.MembersOf(unit).ToHashSet(StringComparer.Ordinal);
        return TypedResults.Ok(new ChangeList(unit, changes.Count, changes.Query(members.Contains, from, take)));
    }

    internal static Results<Ok<IncidentList>, NotFound<ProblemDetails>> GetIncidents(string code, LiveState state, ScopeMembers scopes) =>
        scopes.IsKnown(code)
            ? TypedResults.Ok(new IncidentList(code, state.OpenIncidents(code)))
            : QueryProblems.UnknownUnit(code);
}
