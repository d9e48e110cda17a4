using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsCenter.Storage;

namespace OpsCenter.Collector.Alerts.Channels;

public static class ChannelServiceExtensions
{
    public const string KeysPathSetting = "DataProtection:KeysPath";

    /// <summary>
    /// The channel factory, its retry options (<c>Alerts:Channels:Retry</c>), the channel store and Data
    /// Protection with its key ring in <c>DataProtection:KeysPath</c>, by default <c>{Store:DataPath}/keys</c>
    /// (beside the SQLite file; replicas over PostgreSQL must point it at one shared folder).
    /// </summary>
    public static IServiceCollection AddNotificationChannels(this IServiceCollection services)
    {
        services.AddOptions<ChannelRetry>().BindConfiguration("Alerts:Channels:Retry").ValidateDataAnnotations().ValidateOnStart();
        services.AddDataProtection().SetApplicationName("OpsCenter.Collector");
        services.AddOptions<KeyManagementOptions>().Configure<IConfiguration, ILoggerFactory>((options, configuration, loggers) =>
            options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(KeysPath(configuration)), loggers));
        services.TryAddSingleton<NotificationChannels>();
        services.TryAddSingleton<ChannelStore>();
        return services;
    }

    public static string KeysPath(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[KeysPathSetting] is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : Path.GetFullPath(Path.Combine(configuration[$"{StoreOptions.Section}:{nameof(StoreOptions.DataPath)}"] is { Length: > 0 } data ? data : ".data", "keys"));
    }
}
