using OpsCenter.Storage.People;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsCenter.Collector.Admin;
using OpsCenter.Collector.Alerts.Mail;
using OpsCenter.Collector.Alerts;
using OpsCenter.Collector.Ingest;
using OpsCenter.Collector.Pull;
using OpsCenter.Collector.Retention;
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
        services.TryAddSingleton(TimeProvider.System); // AddServiceDefaults registers the configured clock first
        services.AddUnitCatalog();

        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SeedSourcesOptions>().BindConfiguration(SeedSourcesOptions.Section);
        services.AddHostedService<SourceSeeder>();
        services.AddSingleton<IngestPipeline>();
        services.AddSingleton<IngestMetrics>();
        services.AddSourceRateLimiting();

        services.AddOptions<PullOptions>().BindConfiguration(PullOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // One instance: the admin API reads the last outcome of each polled source from it.
        services.AddSingleton<HealthPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthPoller>());

        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<RetentionService>();
        services.AddAlertMailer();

        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section);
        services.AddOptions<PeopleOptions>().BindConfiguration(PeopleOptions.Section)
            .Validate(o => o.HashIterations >= 10_000, "Collector:People:HashIterations must be at least 10,000.")
            .Validate(o => o.BreakGlass.Username.Length == 0 || o.BreakGlass.Account is not null,
                "Collector:People:BreakGlass:PasswordHash must be a hash made by `dotnet run --project src/OpsCenter.Collector -- hash-password`.")
            .ValidateOnStart();
        services.Replace(ServiceDescriptor.Singleton(sp => new PasswordHashing(sp.GetRequiredService<IOptions<PeopleOptions>>().Value.HashIterations)));
        services.AddHostedService<PeopleSeeder>();
        services.AddAuthentication(SourceAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, SourceAuthenticationHandler>(SourceAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, AdminAuthenticationHandler>(AdminAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(IngestPolicies.Source, policy => policy
                .AddAuthenticationSchemes(SourceAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser())
            .AddPolicy(AdminPolicies.Admin, policy => policy
                .AddAuthenticationSchemes(AdminAuthenticationHandler.SchemeName)
                .RequireRole(AdminPolicies.Admin))
            .AddPolicy(AdminPolicies.AlertWriter, policy => policy
                .AddAuthenticationSchemes(AdminAuthenticationHandler.SchemeName)
                .RequireRole(AdminPolicies.AlertWriter));
        services.AddAlertServices();

        services.ConfigureHttpJsonOptions(o => WireJson.Configure(o.SerializerOptions));
        services.AddOpenApi();
        return builder;
    }
}
