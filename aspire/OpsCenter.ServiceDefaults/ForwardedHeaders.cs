using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A service behind the gateway takes the browser's scheme, host and address from the gateway's
/// X-Forwarded-Proto/Host/For (YARP sets them, replacing whatever the client sent), so its redirects
/// and cookies are the gateway's origin's, Secure when the gateway was reached over https, and its
/// limits count real clients. Only known proxies are believed, one hop deep: <c>ForwardedHeaders:KnownProxies</c>
/// (addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR), by default loopback (127.0.0.1 and ::1), where
/// the gateway runs beside the services; <c>ForwardedHeaders:AllowedHosts</c> limits the hosts taken from it.
/// Pair with <c>app.UseForwardedHeaders()</c> first in the pipeline. Never for the gateway itself: it is the edge.
/// </summary>
public static class ForwardedHeadersFromGateway
{
    public const string Section = "ForwardedHeaders";

    public static TBuilder AddForwardedHeadersFromGateway<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var section = builder.Configuration.GetSection(Section);
        // Read now, so that a wrong address stops the start with the setting's name.
        var proxies = (section.GetSection("KnownProxies").Get<string[]>() ?? []).Select(p =>
            IPAddress.TryParse(p, out var address) ? address : throw new InvalidOperationException($"{Section}:KnownProxies: '{p}' is not an IP address.")).ToList();
        var networks = (section.GetSection("KnownNetworks").Get<string[]>() ?? []).Select(n =>
            System.Net.IPNetwork.TryParse(n, out var network) ? network : throw new InvalidOperationException($"{Section}:KnownNetworks: '{n}' is not a CIDR range (e.g. 10.0.0.0/24).")).ToList();
        if (proxies.Count == 0 && networks.Count == 0)
        {
            proxies = [IPAddress.Loopback, IPAddress.IPv6Loopback];
        }
        var allowedHosts = section.GetSection("AllowedHosts").Get<string[]>() ?? [];

        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            options.ForwardLimit = 1;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
            options.AllowedHosts = allowedHosts;
        });
        return builder;
    }
}
