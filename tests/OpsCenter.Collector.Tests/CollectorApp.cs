using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OpsCenter.Storage.Events;

namespace OpsCenter.Collector.Tests;

/// <summary>
/// The collector in-process over a real SQLite file, with three seeded sources:
/// <c>ward-a</c> (health for Phường Sài Gòn only), <c>city</c> (health for every unit) and
/// <c>docs-only</c> (Sài Gòn, but no health).
/// </summary>
public class CollectorApp : WebApplicationFactory<Program>
{
    public const string WardKey = "test-key-ward-a";
    public const string CityKey = "test-key-city";
    public const string DocsOnlyKey = "test-key-docs-only";
    public const string AllKindsKey = "test-key-all-kinds";
    public const string WardUnit = "26740";
    public const string AdminKey = "test-admin-key";

    private readonly string _folder = Directory.CreateTempSubdirectory("opscenter-collector-").FullName;

    public IEventLog Log => Services.GetRequiredService<IEventLog>();

    /// <summary>A client with the admin key, acting for <paramref name="actor"/> when given.</summary>
    public HttpClient CreateAdmin(string? actor = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
        if (actor is not null)
        {
            client.DefaultRequestHeaders.Add("X-OpsCenter-Actor", actor);
        }
        return client;
    }

    public async Task<long> StoredCountAsync() => await Log.LastPositionAsync(CancellationToken.None);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Store:DataPath", _folder);
        Seed(builder, 0, "ward-a", WardKey, "health", WardUnit);
        Seed(builder, 1, "city", CityKey, "health", null);
        Seed(builder, 2, "docs-only", DocsOnlyKey, "dossier", WardUnit);
        Seed(builder, 3, "all-kinds", AllKindsKey, string.Join(',', OpsCenter.Contracts.Ingest.DataKinds.All), null);
        builder.UseSetting("Collector:Admin:Keys:0:Name", "ops");
        builder.UseSetting("Collector:Admin:Keys:0:Key", AdminKey);
        builder.UseSetting("Collector:RateLimit:RequestsPerSecond", "10000");
        builder.UseSetting("Collector:RateLimit:Burst", "10000");
        Configure(builder);
    }

    /// <summary>Extra settings for a variant of the app (applied last).</summary>
    protected virtual void Configure(IWebHostBuilder builder)
    {
    }

    private static void Seed(IWebHostBuilder builder, int i, string id, string key, string kinds, string? unit)
    {
        builder.UseSetting($"Collector:SeedSources:{i}:Id", id);
        builder.UseSetting($"Collector:SeedSources:{i}:Name", id);
        builder.UseSetting($"Collector:SeedSources:{i}:Key", key);
        var k = 0;
        foreach (var kind in kinds.Split(','))
        {
            builder.UseSetting($"Collector:SeedSources:{i}:Kinds:{k++}", kind);
        }
        if (unit is not null)
        {
            builder.UseSetting($"Collector:SeedSources:{i}:Units:0", unit);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
