using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OpsCenter.Contracts.Admin;
using OpsCenter.Domain.People;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.People;

namespace OpsCenter.Collector.Admin;

/// <summary>Embed tokens under <c>/api/admin/v1/embed-tokens</c> (the Wall lets department people manage their own unit's).</summary>
public static class EmbedTokensAdminApi
{
    public const int MaxOrigins = 20;

    public static RouteGroupBuilder MapEmbedTokensAdminApi(this RouteGroupBuilder admin)
    {
        var tokens = admin.MapGroup("/embed-tokens").WithTags("Admin: embed tokens");
        tokens.MapGet("/", List).WithName("ListEmbedTokens").WithSummary("Embed tokens (of one unit with ?unit=), never the tokens themselves.");
        tokens.MapPost("/", Issue).WithName("IssueEmbedToken").WithSummary("Issues a token for one unit's widgets; the token is returned once (audited).");
        tokens.MapPost("/{id}/revoke", Revoke).WithName("RevokeEmbedToken").WithSummary("Revokes a token: its widgets stop within seconds (audited).");
        return tokens;
    }

    internal static async Task<Ok<EmbedTokenInfo[]>> List(string? unit, EmbedTokenStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(unit, cancellationToken)).Select(Info).ToArray());

    internal static async Task<Results<Created<NewEmbedToken>, ValidationProblem>> Issue(
        EmbedTokenRequest request, EmbedTokenStore store, UnitCatalog units, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var origins = request.Origins?.Select(o => o.Trim().TrimEnd('/')).Where(o => o.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? [];
        var badOrigin = origins.FirstOrDefault(o => !IsOrigin(o));
        var check = new AdminValidation()
            .Require(request.Unit is not null && units.Contains(request.Unit), "unit", "The code of the unit the widgets show (e.g. 26740).")
            .Name(request.Label, "label", 100)
            .Require(request.Kinds is { Count: > 0 } && request.Kinds.All(EmbedKinds.All.Contains), "kinds", $"One or more of {string.Join(", ", EmbedKinds.All)}.")
            .Require(origins.Count is > 0 and <= MaxOrigins, "origins", $"1 to {MaxOrigins} origins of the pages that embed the widget, e.g. https://phuongsaigon.hochiminhcity.gov.vn.")
            .Require(badOrigin is null, "origins", $"'{badOrigin}' is not an origin: scheme, host and optional port only (https://host[:port]).");
        if (!check.IsValid)
        {
            return check.Problem();
        }
        var issued = await store.IssueAsync(request.Unit!, request.Label!.Trim(), [.. request.Kinds!.Distinct()], [.. origins.Select(o => o.ToLowerInvariant())], user.Actor(), cancellationToken);
        return TypedResults.Created($"/api/admin/v1/embed-tokens/{issued.Record.Id}", new NewEmbedToken(Info(issued.Record), issued.Token));
    }

    internal static async Task<Results<NoContent, NotFound>> Revoke(string id, EmbedTokenStore store, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await store.RevokeAsync(id, user.Actor(), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    /// <summary>The stored token as the contract lists it (the token's hash stays in the store).</summary>
    internal static EmbedTokenInfo Info(EmbedTokenRecord t) => new(t.Id, t.Unit, t.Label, t.Kinds, t.Origins, t.CreatedAt, t.CreatedBy, t.RevokedAt);

    /// <summary>An origin as browsers send it: http(s), a host, an optional port, nothing else.</summary>
    public static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/" && uri.Query.Length == 0
        && uri.Fragment.Length == 0 && string.IsNullOrEmpty(uri.UserInfo) && !value.EndsWith('/') && value.Count(c => c == '/') == 2;
}
