using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using OpsCenter.Storage.Retention;

namespace OpsCenter.Collector.Retention;

public sealed class RetentionOptions
{
    public const string Section = "Collector:Retention";

    /// <summary>How long raw health samples stay in the log before they are folded into hourly counts.</summary>
    [Range(typeof(TimeSpan), "00:10:00", "365.00:00:00")]
    public TimeSpan RawHealth { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How long a batch's idempotency record is kept (a retry after that stores the batch again).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan IdempotencyRecords { get; set; } = TimeSpan.FromDays(7);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>Runs the store's retention every interval (the collector is the store's only writer).</summary>
internal sealed partial class RetentionService(
    HealthRetention retention, IOptionsMonitor<RetentionOptions> options, TimeProvider time, ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.CurrentValue.Interval, time, stoppingToken);
                var now = time.GetUtcNow();
                var result = await retention.RunAsync(now - options.CurrentValue.RawHealth, now - options.CurrentValue.IdempotencyRecords, stoppingToken);
                if (result.HealthEventsFolded + result.IdempotencyRecordsDropped > 0)
                {
                    LogRetained(result.HealthEventsFolded, result.IdempotencyRecordsDropped);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                LogFailed(e);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Retention folded {Folded} raw health samples into hourly counts and dropped {Dropped} idempotency records")]
    private partial void LogRetained(int folded, int dropped);

    [LoggerMessage(LogLevel.Warning, "Retention failed; it runs again next interval")]
    private partial void LogFailed(Exception exception);
}
