using Microsoft.AspNetCore.Authentication;
using OpsCenter.Collector.Ingest;
using OpsCenter.Collector.Sources;
using OpsCenter.Contracts;
using OpsCenter.Domain.Units;
using OpsCenter.Storage;

namespace OpsCenter.Collector.Extensions;

public static class CollectorServiceExtensions
{
    public static IHostApplicationBuilder AddCollectorServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOpsCenterStore();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => UnitCatalog.LoadHcmc());
        services.AddSingleton(sp => UnitLineage.LoadHcmc(sp.GetRequiredService<UnitCatalog>()));

        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SeedSourcesOptions>().BindConfiguration(SeedSourcesOptions.Section);
        services.AddHostedService<SourceSeeder>();
        services.AddSingleton<IngestPipeline>();
        services.AddSourceRateLimiting();

        services.AddAuthentication(SourceAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, SourceAuthenticationHandler>(SourceAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(IngestPolicies.Source, policy => policy
                .AddAuthenticationSchemes(SourceAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());

        services.ConfigureHttpJsonOptions(o => WireJson.Configure(o.SerializerOptions));
        services.AddOpenApi();
        return builder;
    }
}
