using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpsCenter.Storage.Admin;
using OpsCenter.Storage.Events;
using OpsCenter.Storage.Postgres;
using OpsCenter.Storage.Sources;
using OpsCenter.Storage.Sqlite;

namespace OpsCenter.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the store chosen by the <c>Store</c> configuration section.</summary>
    public static IServiceCollection AddOpsCenterStore(this IServiceCollection services)
    {
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section).ValidateDataAnnotations()
            .Validate(
                o => o.Provider is StoreOptions.Sqlite or StoreOptions.Postgres,
                $"Store:Provider is not supported; use '{StoreOptions.Sqlite}' or '{StoreOptions.Postgres}'.")
            .Validate(
                o => o.Provider != StoreOptions.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Store:ConnectionString is required when Store:Provider is 'postgres' (an Npgsql connection string).")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        // Only the chosen engine is ever constructed: the other registration stays unresolved.
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            return new SqliteStore(
                string.IsNullOrWhiteSpace(options.ConnectionString)
                    ? SqliteStore.ConnectionStringFor(options.DataPath)
                    : options.ConnectionString,
                sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(sp => new PostgresStore(
            sp.GetRequiredService<IOptions<StoreOptions>>().Value.ConnectionString!,
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IEventLog>(sp => IsPostgres(sp) ? sp.GetRequiredService<PostgresStore>() : sp.GetRequiredService<SqliteStore>());
        services.TryAddSingleton<IStoreConnections>(sp => IsPostgres(sp) ? sp.GetRequiredService<PostgresStore>() : sp.GetRequiredService<SqliteStore>());
        services.TryAddSingleton<ISourceRegistry, SqlSourceRegistry>();
        services.TryAddSingleton<AdminStore>();
        services.TryAddSingleton(new People.PasswordHashing());
        services.TryAddSingleton<People.PeopleStore>();
        services.TryAddSingleton<People.DeviceStore>();
        services.TryAddSingleton<People.EmbedTokenStore>();
        services.TryAddSingleton<Retention.HealthRetention>();
        services.TryAddSingleton<Leases.LeaseStore>();
        services.TryAddSingleton<Leases.LeaseKeeper>();
        services.TryAddSingleton(new Outbox.OutboxPolicy());
        services.TryAddSingleton<Outbox.OutboxStore>();
        services.TryAddSingleton<Alerts.AlertStore>();
        return services;
    }

    private static bool IsPostgres(IServiceProvider services) =>
        services.GetRequiredService<IOptions<StoreOptions>>().Value.Provider == StoreOptions.Postgres;
}
