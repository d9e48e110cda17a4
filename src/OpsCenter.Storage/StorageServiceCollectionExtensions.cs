using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpsCenter.Storage.Events;
using OpsCenter.Storage.Sources;
using OpsCenter.Storage.Sqlite;

namespace OpsCenter.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the store chosen by the <c>Store</c> configuration section.</summary>
    public static IServiceCollection AddOpsCenterStore(this IServiceCollection services)
    {
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            return options.Provider switch
            {
                "sqlite" => new SqliteStore(
                    string.IsNullOrWhiteSpace(options.ConnectionString)
                        ? SqliteStore.ConnectionStringFor(options.DataPath)
                        : options.ConnectionString,
                    sp.GetRequiredService<TimeProvider>()),
                _ => throw new OptionsValidationException(StoreOptions.Section, typeof(StoreOptions),
                    [$"Store:Provider '{options.Provider}' is not supported; use 'sqlite'."]),
            };
        });
        services.TryAddSingleton<IEventLog>(sp => sp.GetRequiredService<SqliteStore>());
        services.TryAddSingleton<ISourceRegistry>(sp => sp.GetRequiredService<SqliteStore>());
        return services;
    }
}
