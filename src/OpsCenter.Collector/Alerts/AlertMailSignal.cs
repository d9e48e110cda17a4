namespace OpsCenter.Collector.Alerts;

/// <summary>
/// Wakes the mail sender as soon as outbox rows are enqueued, instead of waiting for its next poll.
/// Wakes coalesce: many before a wait count as one.
/// </summary>
public sealed class AlertMailSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken: the sender will look once for all of them.
        }
    }

    /// <summary>Returns when woken or after <paramref name="max"/>, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan max, CancellationToken ct) => _signal.WaitAsync(max, ct);

    public void Dispose() => _signal.Dispose();
}
