using Microsoft.Extensions.Options;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Simulator.City;

namespace OpsCenter.Simulator.Feeds;

/// <summary>Posts a health sample of every system of every ward each interval, through the gateway.</summary>
internal sealed partial class HealthFeed(
    CityModel city,
    ScenarioEffects effects,
    IngestClient ingest,
    IOptions<SimulatorOptions> options,
    TimeProvider time,
    ILogger<HealthFeed> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled();
            return;
        }
        var interval = options.Value.HealthInterval;
        var pulled = options.Value.PulledSystems.ToHashSet(StringComparer.Ordinal);
        LogStarting(city.SystemCount, interval.TotalSeconds, string.Join(", ", city.FlakyUnits));
        using var timer = new PeriodicTimer(interval, time);
        var tick = 0L;
        do
        {
            tick++;
            // Pulled systems answer the collector's polls instead of pushing; a silent ward sends nothing.
            var now = time.GetUtcNow();
            var samples = city.NextHealth(now, interval)
                .Where(sample => !pulled.Contains($"{sample.Unit}/{sample.System}") && !effects.IsSilent(sample.Unit!))
                .ToList();
            await SendAsync(samples, $"sim-{_run}-health-{tick}", tick, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SendAsync(List<HealthSample> samples, string name, long tick, CancellationToken stoppingToken)
    {
        for (var offset = 0; offset < samples.Count; offset += BatchSize)
        {
            var batch = samples.Skip(offset).Take(BatchSize).ToArray();
            var key = $"{name}-{offset / BatchSize}";
            try
            {
                await ingest.PostAsync(DataKinds.Health, batch, key, stoppingToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                // The next tick sends fresh samples; a lost tick only makes tiles a little older.
                LogPostFailed(tick, e.Message);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Simulator is disabled; sending nothing")]
    private partial void LogDisabled();

    [LoggerMessage(LogLevel.Information, "Simulating {Systems} systems every {Seconds} s; less reliable wards: {Flaky}")]
    private partial void LogStarting(int systems, double seconds, string flaky);

    [LoggerMessage(LogLevel.Warning, "Health tick {Tick} was not delivered: {Reason}")]
    private partial void LogPostFailed(long tick, string reason);
}
