using System.Globalization;
using Microsoft.Extensions.Options;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Simulator.City;

namespace OpsCenter.Simulator.Feeds;

/// <summary>Daily backlog counts of the counts-only units: the backfill's days once, then today's every interval.</summary>
internal sealed partial class BacklogFeed(
    DossierModel model,
    ScenarioEffects effects,
    BatchSender sender,
    IOptions<SimulatorOptions> options,
    TimeProvider time,
    ILogger<BacklogFeed> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled || o.BackfillDays < 0)
        {
            return;
        }
        var backlog = new BacklogModel(model);
        using var timer = new PeriodicTimer(o.ReportsInterval, time);
        do
        {
            var now = time.GetUtcNow();
            var from = OfficeHours.LocalDay(now).AddDays(-o.BackfillDays);
            try
            {
                // Computing the figures takes a moment; keep it off the timer thread's way.
                var items = await Task.Run(() => model.Plan.CountsOnlyUnits.Order(StringComparer.Ordinal)
                    .Where(u => !effects.IsSilent(u))
                    .SelectMany(u => backlog.Days(u, from, now)).ToList(), stoppingToken);
                // Past days never change, so their batch is a replay after the first time; today's moves.
                var today = OfficeHours.LocalDay(now);
                await sender.SendAsync(o.Seed, DataKinds.Backlog, "days-" + from.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
                    [.. items.Where(i => i.Day < today)], stoppingToken);
                await sender.SendAsync(o.Seed, DataKinds.Backlog, "today-" + now.ToUnixTimeSeconds(),
                    [.. items.Where(i => i.Day == today)], stoppingToken);
            }
            catch (HttpRequestException e)
            {
                LogFailed(e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(LogLevel.Warning, "Backlog counts were not delivered: {Reason}")]
    private partial void LogFailed(string reason);
}
