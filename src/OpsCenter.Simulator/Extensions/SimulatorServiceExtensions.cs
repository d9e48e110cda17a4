using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpsCenter.Domain.Calendar;
using OpsCenter.Domain.Units;
using OpsCenter.Simulator.City;
using OpsCenter.Simulator.Feeds;
using OpsCenter.Simulator.Load;

namespace OpsCenter.Simulator.Extensions;

public static class SimulatorServiceExtensions
{
    public static IHostApplicationBuilder AddSimulatorServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System); // AddServiceDefaults registers the configured clock first
        services.AddUnitCatalog();
        services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.Section)
            .PostConfigure<IConfiguration>((o, configuration) => o.IngestUrl ??= configuration["services:gateway:http:0"])
            .ValidateDataAnnotations()
            .Validate(o => !o.Enabled || (!string.IsNullOrWhiteSpace(o.IngestUrl) && !string.IsNullOrWhiteSpace(o.ApiKey)),
                "Simulator:IngestUrl and Simulator:ApiKey are required when the simulator is enabled.")
            .Validate(o => o.Scenarios.All(s => ScenarioNames.All.Contains(s, StringComparer.Ordinal)),
                "Simulator:Scenarios names an unknown scenario.")
            .ValidateOnStart();
        services.AddHttpClient<IngestClient>();
        // Pulled wards keep their roles out of the scenarios: their civil-status is polled, not pushed.
        services.AddSingleton(sp => new CityPlan(sp.GetRequiredService<UnitCatalog>(), sp.GetRequiredService<IOptions<SimulatorOptions>>().Value.Seed,
            sp.GetRequiredService<IOptions<SimulatorOptions>>().Value.PulledSystems.Select(p => p.Split('/')[0])));
        services.AddSingleton(sp =>
        {
            var state = new ScenarioState(sp.GetRequiredService<TimeProvider>());
            foreach (var name in sp.GetRequiredService<IOptions<SimulatorOptions>>().Value.Scenarios)
            {
                state.Activate(name);
            }
            return state;
        });
        services.AddSingleton<ScenarioEffects>();
        services.AddSingleton(sp => new DossierModel(sp.GetRequiredService<CityPlan>(), WorkingCalendar.Default));
        services.AddSingleton<SimulatorStatus>();
        services.AddSingleton<BatchSender>();
        services.AddSingleton<NationalHealth>();
        services.AddSingleton<CityModel>();
        services.AddSingleton<LoadRunner>();
        services.AddHostedService<HealthFeed>();
        services.AddHostedService<DossierFeed>();
        services.AddHostedService<BacklogFeed>();
        services.AddHostedService<IndexFeed>();
        services.AddHostedService<IncidentFeed>();
        services.AddHostedService<NationalHealthFeed>();
        return builder;
    }
}
