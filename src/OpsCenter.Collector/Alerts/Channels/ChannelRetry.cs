using System.ComponentModel.DataAnnotations;

namespace OpsCenter.Collector.Alerts.Channels;

/// <summary>
/// The webhook's own retries within one send: up to <see cref="MaxAttempts"/> requests, waiting
/// <see cref="FirstDelay"/> and doubling up to <see cref="MaxDelay"/> (on the injected clock). Kept far
/// below the outbox's claim timeout (5 min), which retries the whole send later with its own backoff.
/// </summary>
public sealed class ChannelRetry
{
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 4;

    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayAfter(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(FirstDelay.TotalMilliseconds * Math.Pow(2, attempt - 1), MaxDelay.TotalMilliseconds));
}
