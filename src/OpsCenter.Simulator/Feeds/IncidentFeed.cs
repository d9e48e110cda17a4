using Microsoft.Extensions.Options;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Simulator.City;

namespace OpsCenter.Simulator.Feeds;

/// <summary>While the flood scenario is on, updates its incidents every tick; resolves them when it stops.</summary>
internal sealed partial class IncidentFeed(
    ScenarioEffects effects,
    BatchSender sender,
    IOptions<SimulatorOptions> options,
    TimeProvider time,
    ILogger<IncidentFeed> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return;
        }
        DateTimeOffset? floodSince = null;
        using var timer = new PeriodicTimer(o.HealthInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = time.GetUtcNow();
            var on = effects.State.IsOn(ScenarioNames.Flood);
            if (!on && floodSince is null)
            {
                continue;
            }
            floodSince ??= now;
            var items = FloodModel.Update(effects.Plan, floodSince.Value, now, resolved: !on);
            try
            {
                await sender.SendAsync(o.Seed, DataKinds.Incident, "flood-" + now.ToUnixTimeSeconds(), items, stoppingToken);
                if (!on)
                {
                    floodSince = null;
                }
            }
            catch (HttpRequestException e)
            {
                LogFailed(e.Message);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Flood incidents were not delivered: {Reason}")]
    private partial void LogFailed(string reason);
}
