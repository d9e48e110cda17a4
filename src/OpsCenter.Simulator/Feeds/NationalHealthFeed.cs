using Microsoft.Extensions.Options;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Simulator.City;

namespace OpsCenter.Simulator.Feeds;

/// <summary>
/// While national-scale is on, posts the health of every other province's units every
/// <see cref="SimulatorOptions.NationalInterval"/>, in batches of their own and on a loop of its
/// own: a collector that knows only HCMC refuses them (docs/SIMULATOR.md), and a slow national
/// tick never delays the city's samples.
/// </summary>
internal sealed partial class NationalHealthFeed(
    ScenarioEffects effects,
    NationalHealth national,
    IngestClient ingest,
    IOptions<SimulatorOptions> options,
    TimeProvider time,
    ILogger<NationalHealthFeed> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return;
        }
        var interval = o.NationalInterval > o.HealthInterval ? o.NationalInterval : o.HealthInterval;
        using var timer = new PeriodicTimer(interval, time);
        var tick = 0L;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!effects.State.IsOn(ScenarioNames.NationalScale))
            {
                continue;
            }
            tick++;
            var samples = national.Samples(time.GetUtcNow()).ToList();
            var refused = 0;
            for (var offset = 0; offset < samples.Count; offset += BatchSize)
            {
                var batch = samples.GetRange(offset, Math.Min(BatchSize, samples.Count - offset));
                try
                {
                    await ingest.PostAsync(DataKinds.Health, batch, $"sim-{_run}-national-{tick}-{offset / BatchSize}", stoppingToken);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
                {
                    refused++;
                    if (refused == 1)
                    {
                        LogPostFailed(tick, e.Message);
                    }
                }
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "National tick {Tick} was not (fully) delivered; is the collector started with Units:Catalogue=national? {Reason}")]
    private partial void LogPostFailed(long tick, string reason);
}
