using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>One endpoint of a service: its methods (empty: any), its pattern, what guards it (a hint, not the truth) and the bodies it accepts.</summary>
public sealed record RouteEntry(IReadOnlyList<string> Methods, string Pattern, bool AllowAnonymous, IReadOnlyList<string> Policies, bool StaticAsset, IReadOnlyList<string> Accepts);

/// <summary>A SignalR hub and the methods clients may invoke on it.</summary>
public sealed record HubEntry(string Pattern, IReadOnlyList<string> Methods);

public sealed record RouteTableAnswer(IReadOnlyList<RouteEntry> Routes, IReadOnlyList<HubEntry> Hubs);

/// <summary>
/// <c>GET /_opscenter/routes</c>: every endpoint a service maps and every hub method, for the
/// authorisation matrix test, which fails on any it has no expected answer for. Mapped only when
/// <c>OpsCenter:ExposeRoutes</c> is true (the test's AppHost argument), and the gateway refuses
/// <c>/_opscenter/**</c>, so it is never reachable from outside even then.
/// </summary>
public static class RouteTable
{
    public const string Path = "/_opscenter/routes";
    public const string Setting = "OpsCenter:ExposeRoutes";

    public static WebApplication MapRouteTable(this WebApplication app)
    {
        if (app.Configuration.GetValue(Setting, defaultValue: false))
        {
            app.MapGet(Path, (EndpointDataSource endpoints) => Results.Json(Of(endpoints))).AllowAnonymous().ExcludeFromDescription();
        }
        return app;
    }

    public static RouteTableAnswer Of(EndpointDataSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var endpoints = source.Endpoints.OfType<RouteEndpoint>().ToList();
        var routes = endpoints
            .Select(e => new RouteEntry(
                [.. (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Order(StringComparer.Ordinal)],
                "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'),
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                [.. e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy ?? a.Roles ?? "(authenticated)").Distinct()],
                e.Metadata.GetMetadata<StaticAssetDescriptor>() is not null,
                [.. e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? []]))
            .DistinctBy(r => (string.Join(',', r.Methods), r.Pattern))
            .OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => string.Join(',', r.Methods), StringComparer.Ordinal)
            .ToList();
        var hubs = endpoints
            .Select(e => (Endpoint: e, Hub: e.Metadata.GetMetadata<HubMetadata>()))
            .Where(h => h.Hub is not null && !(h.Endpoint.RoutePattern.RawText ?? "").EndsWith("/negotiate", StringComparison.Ordinal))
            .Select(h => new HubEntry("/" + (h.Endpoint.RoutePattern.RawText ?? "").TrimStart('/'), HubMethods(h.Hub!.HubType)))
            .DistinctBy(h => h.Pattern)
            .ToList();
        return new RouteTableAnswer(routes, hubs);
    }

    /// <summary>What SignalR lets clients invoke: public instance methods of the hub's own, not Hub's.</summary>
    private static List<string> HubMethods(Type hub) =>
        [.. hub.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType is { } declaring
                && declaring != typeof(object) && declaring != typeof(Hub)
                && !(declaring.IsGenericType && declaring.GetGenericTypeDefinition() == typeof(Hub<>)))
            .Select(m => m.Name)
            .Distinct()
            .Order(StringComparer.Ordinal)];
}
