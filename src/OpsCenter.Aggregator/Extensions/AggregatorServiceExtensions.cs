using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpsCenter.Aggregator.Access;
using OpsCenter.Aggregator.Changes;
using OpsCenter.Aggregator.Health;
using OpsCenter.Aggregator.Kpis;
using OpsCenter.Aggregator.Live;
using OpsCenter.Aggregator.Query;
using OpsCenter.Aggregator.Scopes;
using OpsCenter.Contracts;
using OpsCenter.Domain.Calendar;
using OpsCenter.Domain.Dossiers;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;
using OpsCenter.Storage;

namespace OpsCenter.Aggregator.Extensions;

public static class AggregatorServiceExtensions
{
    public static IHostApplicationBuilder AddAggregatorServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOpsCenterStore();
        services.TryAddSingleton(TimeProvider.System); // AddServiceDefaults registers the configured clock first
        services.AddUnitCatalog();
        services.AddSingleton<IReadOnlyList<UnitGroup>>(sp => UnitGroup.Defaults(sp.GetRequiredService<UnitCatalog>(), sp.GetRequiredService<UnitLineage>()));
        services.AddSingleton(FreshnessPolicy.Default);
        services.AddSingleton(_ => new OnTimeRule(WorkingCalendar.Default));
        services.AddSingleton<ScopeMembers>();
        services.AddSingleton<KpiState>();
        services.AddSingleton<LiveState>();
        services.AddSingleton<MaintenanceBook>();
        services.AddSingleton(sp => new ChangeFeed(sp.GetRequiredService<IOptions<LiveOptions>>().Value.ChangesKept));
        services.AddSingleton<HealthRollups>();
        services.AddSingleton<HealthReports>();

        services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LiveSnapshots>();
        services.AddSingleton<LogTailer>();
        services.AddHostedService(sp => sp.GetRequiredService<LogTailer>());
        services.AddSingleton<Embed.EmbedAccess>();
        services.AddSingleton<Embed.EmbedBroadcaster>();
        services.AddSingleton<ITileSubscriber>(sp => sp.GetRequiredService<Embed.EmbedBroadcaster>());
        services.AddSingleton<Embed.EmbedStatusCache>();
        services.AddHostedService<Embed.EmbedTokenSweep>();
        services.AddSingleton<LivePublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<LivePublisher>());
        services.AddHealthChecks().AddCheck<LiveHealthCheck>("live-state");
        // Alerts: the engine evaluates once caught up and posts to the collector (Alerts:WriterKey; off without one).
        services.AddOptions<Alerts.AlertOptions>().BindConfiguration(Alerts.AlertOptions.Section).ValidateDataAnnotations().ValidateOnStart();
#pragma warning disable EXTEXP0001 // an evaluation API: the engine retries at its next tick; the default pipeline would hold a tick up to 30 s
        services.AddHttpClient(Alerts.AlertEngine.ClientName, (sp, http) =>
        {
            var url = sp.GetRequiredService<IOptions<Alerts.AlertOptions>>().Value.CollectorUrl;
            http.BaseAddress = new Uri(string.IsNullOrWhiteSpace(url) ? Alerts.AlertOptions.DefaultCollectorUrl : url);
            http.Timeout = TimeSpan.FromSeconds(10);
        })
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        services.AddSingleton<Alerts.AlertEngine>();
        services.AddHostedService(sp => sp.GetRequiredService<Alerts.AlertEngine>());

        services.AddSignalR()
            .AddJsonProtocol(o => WireJson.Configure(o.PayloadSerializerOptions))
            .AddMessagePackProtocol();

        services.AddOptions<ReaderOptions>().BindConfiguration(ReaderOptions.Section)
            .Validate(o => o.ScopedKeys.All(k => !string.IsNullOrWhiteSpace(k.Key) && !string.IsNullOrWhiteSpace(k.Unit)),
                "Every Readers:ScopedKeys entry needs a Key and a Unit.")
            .ValidateOnStart();
        services.AddAuthentication(ReaderAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ReaderAuthenticationHandler>(ReaderAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicies.Reader, policy => policy
                .AddAuthenticationSchemes(ReaderAuthenticationHandler.SchemeName)
                .RequireClaim(ReadClaims.Scope));

        services.ConfigureHttpJsonOptions(o => WireJson.Configure(o.SerializerOptions));
        services.AddOpenApi();
        return builder;
    }
}
