using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsCenter.Storage.Events;
using OpsCenter.Storage.Leases;
using OpsCenter.Storage.Outbox;
using OpsCenter.Storage.Postgres;
using OpsCenter.Storage.Sources;
using OpsCenter.Storage.Sqlite;

namespace OpsCenter.Storage.Tests;

public class StoreRegistrationTests
{
    private static ServiceProvider Build(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddOpsCenterStore().BuildServiceProvider();
    }

    [Fact]
    public async Task AddOpsCenterStore_NoProvider_UsesSqliteUnderTheDataPath()
    {
        var folder = Directory.CreateTempSubdirectory("opscenter-registration-").FullName;
        try
        {
            await using var services = Build(("Store:DataPath", folder));

            var log = services.GetRequiredService<IEventLog>();

            Assert.IsType<SqliteStore>(log);
            Assert.Same(log, services.GetRequiredService<IStoreConnections>());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task AddOpsCenterStore_Any_RegistersLeasesAndTheOutboxOnTheChosenStore()
    {
        await using var services = Build(("Store:Provider", "postgres"), ("Store:ConnectionString", "Host=unreachable.invalid;Username=x"));

        Assert.NotNull(services.GetRequiredService<LeaseStore>());
        Assert.NotNull(services.GetRequiredService<OutboxStore>());
        Assert.Equal(10, services.GetRequiredService<OutboxPolicy>().MaxAttempts);
    }

    [Fact]
    public async Task AddOpsCenterStore_Postgres_UsesPostgresStoreWithoutConnectingYet()
    {
        await using var services = Build(("Store:Provider", "postgres"), ("Store:ConnectionString", "Host=127.0.0.1;Port=1;Database=none"));

        var log = services.GetRequiredService<IEventLog>();

        Assert.IsType<PostgresStore>(log);
        Assert.Same(log, services.GetRequiredService<IStoreConnections>());
    }

    [Fact]
    public async Task AddOpsCenterStore_PostgresWithoutConnectionString_FailsNamingTheSetting()
    {
        await using var services = Build(("Store:Provider", "postgres"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IEventLog>());

        Assert.Contains("Store:ConnectionString", error.Message);
    }

    [Fact]
    public async Task AddOpsCenterStore_UnknownProvider_FailsNamingTheChoices()
    {
        await using var services = Build(("Store:Provider", "oracle"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IEventLog>());

        Assert.Contains("'postgres'", error.Message);
    }
}
