using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using OpsCenter.Storage.Sources;

namespace OpsCenter.Collector.Sources;

/// <summary>
/// Sources declared in configuration and created (or updated) at start, with their keys:
/// the development setup the simulator and the tests use. Production sources come from the admin API.
/// </summary>
public sealed class SeedSourcesOptions
{
    public const string Section = "Collector";

    public List<SeedSource> SeedSources { get; } = [];
}

public sealed class SeedSource
{
    [Required]
    public string Id { get; set; } = "";

    [Required]
    public string Name { get; set; } = "";

    /// <summary>Unit codes, or empty for every unit.</summary>
    public List<string> Units { get; } = [];

    public List<string> Kinds { get; } = [];

    public TimeSpan ExpectedInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A health URL the collector polls instead of the source pushing health.</summary>
    public string? HealthUrl { get; set; }

    /// <summary>The system <see cref="HealthUrl"/> checks.</summary>
    public string? HealthSystem { get; set; }

    /// <summary>The plain key; only its hash is stored.</summary>
    public string? Key { get; set; }
}

internal sealed class SourceSeeder(IOptions<SeedSourcesOptions> options, ISourceRegistry registry, ILogger<SourceSeeder> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var seed in options.Value.SeedSources)
        {
            await registry.UpsertSourceAsync(
                new Source(seed.Id, seed.Name, seed.Units.Count == 0 ? null : seed.Units, seed.Kinds, seed.ExpectedInterval, seed.HealthUrl, seed.HealthSystem),
                "configuration", cancellationToken);
            if (!string.IsNullOrEmpty(seed.Key))
            {
                await registry.AddKeyAsync(seed.Id, seed.Key, cancellationToken);
            }
            logger.LogInformation("Seeded source {SourceId} ({Kinds})", seed.Id, string.Join(',', seed.Kinds));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
