using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OpsCenter.Storage.Leases;

namespace OpsCenter.Storage.Tests.Leases;

/// <summary>
/// The keeper on every engine, on the real clock with a short ttl (renewals every second): two
/// keepers stand for two replicas, each on its own store.
/// </summary>
public abstract class LeaseKeeperTests<TDatabase> : IAsyncLifetime
    where TDatabase : TestDatabase, new()
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(3);

    private readonly TDatabase _database = new();
    private readonly ConcurrentQueue<string> _starts = new();
    private int _running;
    private int _mostRunning;

    public ValueTask InitializeAsync() => _database.CreateAsync();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private LeaseStore Leases() => new(_database.OpenStore(), TimeProvider.System);

    private LeaseKeeper Keeper() => new(Leases(), TimeProvider.System, NullLogger<LeaseKeeper>.Instance);

    /// <summary>Work that runs until cancelled, counting how many run at once.</summary>
    private async Task WorkAsync(Lease lease, CancellationToken cancellationToken)
    {
        _starts.Enqueue(lease.Holder);
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _mostRunning, running);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    [Fact]
    public async Task RunAsync_TwoKeepers_OneRunsTheWorkAndTheOtherTakesOverWhenItStops()
    {
        var ct = TestContext.Current.CancellationToken;
        using var stopA = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var stopB = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var a = Keeper().RunAsync("mail", "a", Ttl, WorkAsync, stopA.Token);
        var b = Keeper().RunAsync("mail", "b", Ttl, WorkAsync, stopB.Token);

        await Eventually.TrueAsync(() => _starts.Count == 1);
        await Task.Delay(Ttl * 2, ct); // several renewals: the lease stays with the first
        Assert.Single(_starts);
        var first = _starts.Single();

        await (first == "a" ? stopA : stopB).CancelAsync();
        await (first == "a" ? a : b);
        await Eventually.TrueAsync(() => _starts.Count == 2);

        Assert.Equal(first == "a" ? ["a", "b"] : ["b", "a"], _starts.ToArray());
        Assert.Equal(1, _mostRunning);
        await stopA.CancelAsync();
        await stopB.CancelAsync();
        await Task.WhenAll(a, b);
        Assert.Equal(0, _running);
    }

    [Fact]
    public async Task RunAsync_LeaseTakenAway_CancelsTheWork()
    {
        var ct = TestContext.Current.CancellationToken;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var keeper = Keeper().RunAsync("retention", "a", Ttl, WorkAsync, stop.Token);
        await Eventually.TrueAsync(() => _running == 1);

        // Another replica takes the lease (as after a pause longer than the ttl).
        await using (var connection = await _database.OpenStore().OpenAsync(ct))
        {
            await connection.ExecuteAsync(null, "UPDATE leases SET holder = 'b', token = token + 1, expires_at = @far WHERE name = 'retention'", ct,
                ("@far", DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds()));
        }

        await Eventually.TrueAsync(() => _running == 0);
        Assert.False(keeper.IsCompleted, "the keeper waits to take the lease again");
        Assert.Single(_starts);
        await stop.CancelAsync();
        await keeper;
    }

    [Fact]
    public async Task RunAsync_WorkReturns_ReleasesTheLease()
    {
        var ct = TestContext.Current.CancellationToken;
        var leases = Leases();

        await Keeper().RunAsync("reports", "a", TimeSpan.FromMinutes(5), (_, _) => Task.CompletedTask, ct);

        Assert.Equal(2, (await leases.TryAcquireAsync("reports", "b", Ttl, ct))?.Token);
    }

    [Fact]
    public async Task RunAsync_StoreUnreachable_CancelsTheWorkBeforeTheLeaseCanExpire()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-03T08:00:00+07:00"));
        var store = new FailingStore(_database.OpenStore());
        var ttl = TimeSpan.FromSeconds(30);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var keeper = new LeaseKeeper(new LeaseStore(store, time), time, NullLogger<LeaseKeeper>.Instance).RunAsync("snapshots", "a", ttl, WorkAsync, stop.Token);
        await Eventually.TrueAsync(() => _running == 1);
        var expires = time.GetUtcNow() + ttl;

        store.Down = true;
        // The fake clock moves a second at every look until the work stops.
        await Eventually.TrueAsync(() =>
        {
            if (_running != 1)
            {
                return true;
            }
            Assert.True(time.GetUtcNow() < expires, "the work ran on past the lease's expiry");
            time.Advance(TimeSpan.FromSeconds(1));
            return false;
        });

        await stop.CancelAsync();
        await keeper;
        Assert.Single(_starts);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}

/// <summary>A store whose database stops answering when told to.</summary>
internal sealed class FailingStore(IStoreConnections inner) : IStoreConnections
{
    public volatile bool Down;

    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        Down ? throw new StoreDownException() : inner.OpenAsync(cancellationToken);

    private sealed class StoreDownException() : DbException("the database is unreachable");
}

public sealed class LeaseKeeperTestsOnSqlite : LeaseKeeperTests<SqliteTestDatabase>;

public sealed class LeaseKeeperTestsOnPostgres : LeaseKeeperTests<PostgresTestDatabase>;
