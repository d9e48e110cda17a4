using System.Globalization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpsCenter.Domain.Units;
using OpsCenter.Wall.Access;
using OpsCenter.Wall.Briefing;
using OpsCenter.Wall.Layouts;
using OpsCenter.Wall.Live;
using Radzen;

namespace OpsCenter.Wall.Extensions;

public static class WallServiceExtensions
{
    /// <summary>The aggregator's resource name in the AppHost.</summary>
    public const string AggregatorService = "aggregator";

    public static IHostApplicationBuilder AddWallServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddRadzenComponents();
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(options =>
        {
            // Vietnamese first; ?culture=en-US (or the cookie) switches to English.
            CultureInfo[] cultures = [new("vi-VN"), new("en-US")];
            options.DefaultRequestCulture = new Microsoft.AspNetCore.Localization.RequestCulture("vi-VN");
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            // A wall screen's browser language says nothing about its audience: only an explicit
            // choice (?culture=en-US, or the culture cookie) switches away from Vietnamese.
            options.RequestCultureProviders = [.. options.RequestCultureProviders
                .Where(p => p is not Microsoft.AspNetCore.Localization.AcceptLanguageHeaderRequestCultureProvider)];
        });

        services.TryAddSingleton(TimeProvider.System); // AddServiceDefaults registers the configured clock first
        services.AddUnitCatalog();

        services.AddOptions<WallOptions>().BindConfiguration(WallOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WallLayoutStore>();
        services.AddHostedService(sp => sp.GetRequiredService<WallLayoutStore>());
        services.AddSingleton<WallClock>();
        services.AddSingleton(_ => Map.CityMap.Load());

        services.AddOptions<LiveMirrorOptions>().BindConfiguration(LiveMirrorOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) =>
                options.AggregatorUrl ??= configuration["services:aggregator:http:0"])
            .Validate(o => !string.IsNullOrWhiteSpace(o.AggregatorUrl), "LiveMirror:AggregatorUrl (or the aggregator service reference) is required.")
            .ValidateOnStart();
        services.AddSingleton<LiveMirror>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveMirror>());
        services.AddSingleton<ILiveMirror>(sp => sp.GetRequiredService<LiveMirror>());
        services.AddHealthChecks().AddCheck<LiveMirrorHealthCheck>("live-mirror");
        // The aggregator's query API, for the feeds (one reader each for the process) and the briefing pages:
        // LiveMirror:AggregatorUrl when set, else the AppHost's "aggregator" by service discovery; the service key on every request.
        services.AddHttpClient(nameof(QueryFeed)).AddAggregatorQuery();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<QueryFeed>(sp,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(QueryFeed))));
        services.AddHostedService(sp => sp.GetRequiredService<QueryFeed>());
        services.AddHttpClient(nameof(AlertFeed)).AddAggregatorQuery();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<AlertFeed>(sp,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(AlertFeed))));
        services.AddHostedService(sp => sp.GetRequiredService<AlertFeed>());
        services.AddSingleton<TileScopes>();
        services.AddSingleton<TileFreshness>();
        services.AddHttpClient<QueryClient>(http => http.Timeout = TimeSpan.FromSeconds(15)).AddAggregatorQuery();
        services.AddOptions<Briefing.BriefingTargets>().BindConfiguration(Briefing.BriefingTargets.Section);
        return builder;
    }

    private static IHttpClientBuilder AddAggregatorQuery(this IHttpClientBuilder client) => client
        // The configured URL as written, not LiveMirrorOptions.AggregatorUrl: that one falls back to the
        // service reference's address for the hub connection, which does not go through service discovery.
        .ConfigureHttpClient((sp, http) => http.BaseAddress = ServiceAddress.Of(
            sp.GetRequiredService<IConfiguration>()[$"{LiveMirrorOptions.Section}:{nameof(LiveMirrorOptions.AggregatorUrl)}"], AggregatorService))
        .AddHttpMessageHandler(sp => new ServiceKeyHandler(sp.GetRequiredService<IOptions<LiveMirrorOptions>>().Value.ServiceKey));
}
