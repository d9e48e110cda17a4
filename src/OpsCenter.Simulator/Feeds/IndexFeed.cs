using System.Globalization;
using Microsoft.Extensions.Options;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Simulator.City;

namespace OpsCenter.Simulator.Feeds;

/// <summary>
/// Published index scores: each week's official 766 totals once published (Monday 09:00), and the
/// yearly DTI 2025 sheet. Re-sent every interval with the same keys, so only new weeks are stored.
/// </summary>
internal sealed partial class IndexFeed(
    CityPlan plan,
    BatchSender sender,
    IOptions<SimulatorOptions> options,
    TimeProvider time,
    ILogger<IndexFeed> logger) : BackgroundService
{
    /// <summary>When the DTI 2025 sheet is taken to be published (assumption: end of Q1 of the next year).</summary>
    private static readonly DateTimeOffset DtiPublished = new(2026, 3, 31, 9, 0, 0, TimeSpan.FromHours(7));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled || o.BackfillDays < 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(o.ReportsInterval, time);
        do
        {
            var now = time.GetUtcNow();
            try
            {
                var published = DtiPublished < now ? DtiPublished : now;
                await sender.SendAsync(o.Seed, DataKinds.IndexScore, "dti-2025", IndexModel.Dti2025(plan, published), stoppingToken);
                foreach (var monday in IndexModel.PublishedWeeks(OfficeHours.LocalDay(now).AddDays(-o.BackfillDays), now))
                {
                    await sender.SendAsync(o.Seed, DataKinds.IndexScore, "766-" + monday.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
                        IndexModel.Week766(plan, monday), stoppingToken);
                }
            }
            catch (HttpRequestException e)
            {
                LogFailed(e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(LogLevel.Warning, "Index scores were not delivered: {Reason}")]
    private partial void LogFailed(string reason);
}
