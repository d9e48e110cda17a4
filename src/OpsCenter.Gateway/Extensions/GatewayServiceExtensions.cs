namespace OpsCenter.Gateway.Extensions;

public static class GatewayServiceExtensions
{
    /// <summary>
    /// The routes of appsettings.json's ReverseProxy section. YARP's default transforms stay on: each
    /// proxied request carries X-Forwarded-For/Proto/Host/Prefix set by the gateway (a client's own are
    /// replaced), which the services behind it trust from the gateway only (ForwardedHeadersFromGateway).
    /// </summary>
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver();
        return builder;
    }

    /// <summary>
    /// Paths that belong to a service itself, never to the public (the route table the authorisation
    /// matrix test reads): without this, the Wall's catch-all route would forward them to the Wall.
    /// </summary>
    public static WebApplication MapServiceOnlyPaths(this WebApplication app)
    {
        app.Map("/_opscenter/{**rest}", () => Results.NotFound());
        return app;
    }
}
