namespace OpsCenter.Collector.Alerts;

/// <summary>Wakes the alert mailer at once when outbox rows were enqueued, instead of at its next poll.</summary>
public sealed class AlertMailSignal
{
    private readonly SemaphoreSlim _signal = new(0);

    public void Wake()
    {
        if (_signal.CurrentCount == 0)
        {
            _signal.Release();
        }
    }

    public async Task WaitAsync(TimeSpan max, CancellationToken cancellationToken)
    {
        try
        {
            await _signal.WaitAsync(max, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}
