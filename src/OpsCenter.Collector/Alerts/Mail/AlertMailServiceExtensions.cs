using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;

// The signal is one singleton for the life of the process; its semaphore has no handle to free
// (WaitAsync never touches AvailableWaitHandle), so it needs no Dispose.
[assembly: SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Scope = "type", Target = "~T:OpsCenter.Collector.Alerts.AlertMailSignal", Justification = "A process-long singleton without a wait handle.")]

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
