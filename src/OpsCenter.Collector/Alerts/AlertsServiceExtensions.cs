using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsCenter.Collector.Alerts.Channels;

namespace OpsCenter.Collector.Alerts;

public static class AlertsServiceExtensions
{
    /// <summary>The alert API's options, the mail signal and the start-up seeding of the rules and live-from.</summary>
    public static IServiceCollection AddAlertServices(this IServiceCollection services)
    {
        services.AddOptions<AlertsOptions>().BindConfiguration(AlertsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<AlertMailSignal>();
        services.AddSingleton<AlertMessages>();
        services.AddSingleton<AlertTransitions>();
        services.AddHostedService<AlertsSeeder>();
        services.AddNotificationChannels();
        return services;
    }
}
