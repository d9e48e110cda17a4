using Microsoft.AspNetCore.SignalR.Client;

namespace OpsCenter.Wall.Live;

/// <summary>
/// An unattended screen never gives up: retry immediately, then back off up to a cap, forever.
/// (The stock policy stops after four tries.)
/// </summary>
public sealed class ForeverRetryPolicy(TimeSpan maxDelay) : IRetryPolicy
{
    public TimeSpan? NextRetryDelay(RetryContext retryContext) => Delay(retryContext.PreviousRetryCount);

    public TimeSpan Delay(long previousAttempts)
    {
        var delay = TimeSpan.FromMilliseconds(250 * Math.Pow(2, Math.Min(previousAttempts, 10)));
        return delay < maxDelay ? delay : maxDelay;
    }
}
