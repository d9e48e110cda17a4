using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OpsCenter.Collector.Alerts.Mail;

public static class AlertMailServiceExtensions
{
    /// <summary>The alert mailer (<c>Alerts:Smtp</c>, <c>Alerts:Mail</c>) and the signal that wakes it when mail is enqueued.</summary>
    public static IServiceCollection AddAlertMailer(this IServiceCollection services)
    {
        services.AddOptions<AlertSmtpOptions>().BindConfiguration(AlertSmtpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AlertMailOptions>().BindConfiguration(AlertMailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<AlertMailSignal>();
        // One instance: the status endpoint reads whether it holds the lease.
        services.AddSingleton<AlertMailer>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertMailer>());
        return services;
    }
}
