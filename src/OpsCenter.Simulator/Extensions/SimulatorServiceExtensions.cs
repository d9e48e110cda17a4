using OpsCenter.Domain.Units;
using OpsCenter.Simulator.Feeds;

namespace OpsCenter.Simulator.Extensions;

public static class SimulatorServiceExtensions
{
    public static IHostApplicationBuilder AddSimulatorServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => UnitCatalog.LoadHcmc());
        services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.Section)
            .PostConfigure<IConfiguration>((o, configuration) => o.IngestUrl ??= configuration["services:gateway:http:0"])
            .ValidateDataAnnotations()
            .Validate(o => !o.Enabled || (!string.IsNullOrWhiteSpace(o.IngestUrl) && !string.IsNullOrWhiteSpace(o.ApiKey)),
                "Simulator:IngestUrl and Simulator:ApiKey are required when the simulator is enabled.")
            .ValidateOnStart();
        services.AddHttpClient<IngestClient>();
        services.AddSingleton<CityModel>();
        services.AddHostedService<HealthFeed>();
        return builder;
    }
}
