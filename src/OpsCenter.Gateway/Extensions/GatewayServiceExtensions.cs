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
}
