using Microsoft.Extensions.Logging;

namespace OpsCenter.Storage.Leases;

/// <summary>
/// Runs work only while this process holds its lease: tries to take the lease every ttl/3, renews
/// it every ttl/3 while the work runs, and cancels the work as soon as a renewal says the lease is
/// lost, when the store has been unreachable until one interval before expiry, and in any case at
/// expiry (even while a renewal hangs), so before another replica can take it as long as the
/// replicas' clocks agree to well within ttl/3. Writes that must not come from a former holder also
/// check <see cref="LeaseStore.FenceAsync"/>. A hosted service calls <see cref="RunAsync"/> from <c>ExecuteAsync</c>.
/// </summary>
public sealed partial class LeaseKeeper(LeaseStore leases, TimeProvider time, ILogger<LeaseKeeper> logger)
{
    /// <summary>This process's holder name: machine, process and a random part (a restarted process is a new holder).</summary>
    public static string ProcessHolder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// Holds <paramref name="name"/> and runs <paramref name="work"/> while it is held, until
    /// <paramref name="stoppingToken"/> is cancelled or the work returns; either way the lease is then
    /// released for the next replica. Lost leases cancel the work and go back to waiting for the lease.
    /// </summary>
    public async Task RunAsync(string name, string holder, TimeSpan ttl, Func<Lease, CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var interval = ttl / 3;
        while (!stoppingToken.IsCancellationRequested)
        {
            var lease = await TryAsync(() => leases.TryAcquireAsync(name, holder, ttl, stoppingToken), stoppingToken);
            if (lease is null)
            {
                await DelayAsync(interval, stoppingToken);
                continue;
            }
            LogAcquired(name, holder, lease.Token);
            if (await HoldAsync(lease, ttl, interval, work, stoppingToken))
            {
                return;
            }
        }
    }

    /// <summary>
    /// True when the work finished or stopping was asked for (the lease released; a failure of the work
    /// is thrown after the release); false when the lease was lost (the work cancelled).
    /// </summary>
    private async Task<bool> HoldAsync(Lease lease, TimeSpan ttl, TimeSpan interval, Func<Lease, CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        // The work is cancelled when the lease expires unrenewed, even while a renewal hangs.
        using var expiry = new CancellationTokenSource(Remaining(lease), time);
        using var held = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, expiry.Token);
        var running = Task.Run(() => work(lease, held.Token), CancellationToken.None);
        var lost = false;
        while (!running.IsCompleted && !stoppingToken.IsCancellationRequested)
        {
            var tick = Task.Delay(interval, time, held.Token);
            await Task.WhenAny(running, tick);
            if (running.IsCompleted || stoppingToken.IsCancellationRequested)
            {
                break;
            }
            var (renewed, unreachable) = expiry.IsCancellationRequested ? (null, false) : await RenewAsync(lease, ttl, stoppingToken);
            if (renewed is not null)
            {
                lease = renewed;
                expiry.CancelAfter(Remaining(lease));
            }
            else if (!stoppingToken.IsCancellationRequested && (!unreachable || time.GetUtcNow() + interval >= lease.ExpiresAt))
            {
                // Lost, or about to expire with the store unreachable: stop before another replica may start.
                LogLost(lease.Name, lease.Holder, lease.Token);
                lost = true;
                break;
            }
        }
        if (!lost && expiry.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            LogLost(lease.Name, lease.Holder, lease.Token);
            lost = true;
        }
        await held.CancelAsync();
        Exception? failure = null;
        try
        {
            await running;
        }
        catch (OperationCanceledException) when (held.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            failure = error;
        }
        if (lost)
        {
            if (failure is not null)
            {
                LogWorkFailed(failure, lease.Name);
            }
            return false;
        }
        // Released even while stopping, so the next replica starts at once; if the store is
        // unreachable the lease simply expires.
        await TryAsync<object>(async () =>
        {
            await leases.ReleaseAsync(lease, CancellationToken.None);
            return null;
        }, CancellationToken.None);
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
        return true;
    }

    private TimeSpan Remaining(Lease lease)
    {
        var remaining = lease.ExpiresAt - time.GetUtcNow();
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    private async Task<(Lease? Renewed, bool Unreachable)> RenewAsync(Lease lease, TimeSpan ttl, CancellationToken stoppingToken)
    {
        try
        {
            return (await leases.RenewAsync(lease, ttl, stoppingToken), false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return (null, true);
        }
        catch (Exception error) when (IsStoreFailure(error))
        {
            LogStoreFailed(error);
            return (null, true);
        }
    }

    private async Task<T?> TryAsync<T>(Func<Task<T?>> call, CancellationToken stoppingToken)
    {
        try
        {
            return await call();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return default;
        }
        catch (Exception error) when (IsStoreFailure(error))
        {
            LogStoreFailed(error);
            return default;
        }
    }

    private static bool IsStoreFailure(Exception error) =>
        error is System.Data.Common.DbException or TimeoutException or InvalidOperationException;

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(LogLevel.Information, "Lease {Name} taken by {Holder} (token {Token})")]
    private partial void LogAcquired(string name, string holder, long token);

    [LoggerMessage(LogLevel.Warning, "Lease {Name} lost by {Holder} (token {Token}); its work is cancelled")]
    private partial void LogLost(string name, string holder, long token);

    [LoggerMessage(LogLevel.Error, "The work under lease {Name} failed after the lease was lost")]
    private partial void LogWorkFailed(Exception error, string name);

    [LoggerMessage(LogLevel.Warning, "The lease store could not be reached")]
    private partial void LogStoreFailed(Exception error);
}
