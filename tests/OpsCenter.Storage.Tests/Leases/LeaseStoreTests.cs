using Microsoft.Extensions.Time.Testing;
using OpsCenter.Storage.Leases;

namespace OpsCenter.Storage.Tests.Leases;

/// <summary>Leases on every engine: each test has its own database; each "replica" opens its own store on it.</summary>
public abstract class LeaseStoreTests<TDatabase> : IAsyncLifetime
    where TDatabase : TestDatabase, new()
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    private readonly TDatabase _database = new();

    protected FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-12-03T08:00:00+07:00"));

    protected TDatabase Database => _database;

    public ValueTask InitializeAsync() => _database.CreateAsync();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    protected LeaseStore Replica() => new(_database.OpenStore(), Time);

    [Fact]
    public async Task TryAcquireAsync_HoldersRacing_ExactlyOneWinsEachLease()
    {
        var ct = TestContext.Current.CancellationToken;
        var replicas = Enumerable.Range(0, 4).Select(_ => Replica()).ToArray();
        for (var round = 0; round < 10; round++)
        {
            var name = $"mail-{round}";
            var leases = await Task.WhenAll(replicas.Select((r, i) => Task.Run(() => r.TryAcquireAsync(name, $"replica-{i}", Ttl, ct), ct)));

            var winner = Assert.Single(leases, l => l is not null)!;
            Assert.Equal(1, winner.Token);
            Assert.Equal(winner.Holder, (await replicas[0].FindAsync(name, ct))!.Holder);
        }
    }

    [Fact]
    public async Task TryAcquireAsync_HeldByAnother_ReturnsNull()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Replica();
        Assert.NotNull(await store.TryAcquireAsync("retention", "a", Ttl, ct));

        Time.Advance(Ttl - TimeSpan.FromMilliseconds(1));

        Assert.Null(await store.TryAcquireAsync("retention", "b", Ttl, ct));
    }

    [Fact]
    public async Task TryAcquireAsync_AfterExpiry_AnotherTakesItWithAHigherToken()
    {
        var ct = TestContext.Current.CancellationToken;
        var (a, b) = (Replica(), Replica());
        var first = await a.TryAcquireAsync("snapshots", "a", Ttl, ct);

        Time.Advance(Ttl);
        var second = await b.TryAcquireAsync("snapshots", "b", Ttl, ct);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Equal("b", second.Holder);
        Assert.True(second.Token > first.Token);
        Assert.Equal(Time.GetUtcNow() + Ttl, second.ExpiresAt);
    }

    [Fact]
    public async Task RenewAsync_WhileHeld_ExtendsTheLease()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Replica();
        var lease = (await store.TryAcquireAsync("reports", "a", Ttl, ct))!;

        Time.Advance(Ttl / 2);
        var renewed = await store.RenewAsync(lease, Ttl, ct);
        Time.Advance(Ttl / 2 + TimeSpan.FromSeconds(1));

        Assert.NotNull(renewed);
        Assert.Equal(lease.Token, renewed.Token);
        Assert.Null(await Replica().TryAcquireAsync("reports", "b", Ttl, ct));
    }

    [Fact]
    public async Task RenewAsync_AfterLoss_ReturnsNullAndTheFenceRefusesTheOldHolder()
    {
        var ct = TestContext.Current.CancellationToken;
        var (a, b) = (Replica(), Replica());
        var old = (await a.TryAcquireAsync("mail", "a", Ttl, ct))!;
        Time.Advance(Ttl + TimeSpan.FromSeconds(1));
        var taken = (await b.TryAcquireAsync("mail", "b", Ttl, ct))!;

        Assert.Null(await a.RenewAsync(old, Ttl, ct));
        Assert.False(await FenceAsync(a, old));
        Assert.True(await FenceAsync(b, taken));
    }

    [Fact]
    public async Task RenewAsync_ExpiredEvenIfNobodyTookIt_ReturnsNull()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Replica();
        var lease = (await store.TryAcquireAsync("mail", "a", Ttl, ct))!;

        Time.Advance(Ttl);

        Assert.Null(await store.RenewAsync(lease, Ttl, ct));
    }

    [Fact]
    public async Task ReleaseAsync_AnotherTakesItAtOnceWithAHigherToken()
    {
        var ct = TestContext.Current.CancellationToken;
        var (a, b) = (Replica(), Replica());
        var first = (await a.TryAcquireAsync("mail", "a", Ttl, ct))!;

        await a.ReleaseAsync(first, ct);
        var second = await b.TryAcquireAsync("mail", "b", Ttl, ct);

        Assert.Equal(2, second?.Token);
        await a.ReleaseAsync(first, ct); // a stale release does not free b's lease
        Assert.Null(await a.TryAcquireAsync("mail", "a", Ttl, ct));
    }

    private async Task<bool> FenceAsync(LeaseStore leases, Lease lease)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await _database.OpenStore().OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var held = await leases.FenceAsync(connection, transaction, lease, ct);
        await transaction.CommitAsync(ct);
        return held;
    }
}

public sealed class LeaseStoreTestsOnSqlite : LeaseStoreTests<SqliteTestDatabase>;

public sealed class LeaseStoreTestsOnPostgres : LeaseStoreTests<PostgresTestDatabase>;
