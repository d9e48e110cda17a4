using System.Security.Claims;
using OpsCenter.Contracts.Live;

namespace OpsCenter.Aggregator.Access;

/// <summary>
/// What one reader may read, from its <see cref="ReadClaims.Scope"/> claim: every unit, or one
/// unit and nothing that adds up others (the city, a group, other units' tiles). Every query
/// endpoint (through <see cref="ReaderScopeFilter"/>, or its handler for lists) and the hub ask here.
/// </summary>
public sealed record ReaderScope(string? Unit)
{
    public static readonly ReaderScope Everything = new((string?)null);

    public bool IsAll => Unit is null;

    public static ReaderScope Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var claim = user.FindFirst(ReadClaims.Scope)?.Value;
        // No claim reads nothing: an empty unit code matches no unit.
        return claim == ReadClaims.AllUnits ? Everything : new ReaderScope(claim ?? "");
    }

    public bool MayRead(string code) => IsAll || string.Equals(code, Unit, StringComparison.Ordinal);

    public bool MayWatch(LiveScope scope) => IsAll || (scope.Kind == LiveScopeKind.Unit && MayRead(scope.Id!));

    public IResult Forbidden(string code) => Results.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Outside the reader's scope",
        detail: $"This key may read unit '{Unit}' only, not '{code}'.");
}

/// <summary>
/// Refuses with 403 any query whose <c>{code}</c> route value or <c>unit</c> query parameter names
/// a unit, the city or a group outside the reader's scope. Attached to every query route group.
/// </summary>
public sealed class ReaderScopeFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var scope = ReaderScope.Of(http.User);
        if (!scope.IsAll)
        {
            string?[] asked = [http.GetRouteValue("code") as string, http.Request.Query["unit"].FirstOrDefault()];
            foreach (var code in asked)
            {
                if (!string.IsNullOrEmpty(code) && !scope.MayRead(code))
                {
                    return scope.Forbidden(code);
                }
            }
        }
        return await next(context);
    }
}

public static class ReaderScopeFilterExtensions
{
    /// <summary>Readers must hold a key, and see only their own scope.</summary>
    public static TBuilder RequireReader<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ReadPolicies.Reader).AddEndpointFilter(new ReaderScopeFilter());
}
