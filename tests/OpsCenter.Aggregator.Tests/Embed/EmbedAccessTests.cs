using Microsoft.Extensions.Time.Testing;
using OpsCenter.Aggregator.Embed;
using OpsCenter.Domain.People;

namespace OpsCenter.Aggregator.Tests.Embed;

/// <summary>
/// The token check the widgets' streams repeat every few seconds: thousands of viewers of one
/// widget re-check together after an update, and must cost the store one read, not one each.
/// </summary>
public class EmbedAccessTests
{
    private const string Token = "oce_test-token";
    private const string Unit = "26740";

    private static EmbedTokenRecord Record(DateTimeOffset? revokedAt = null) =>
        new("emb_1", Unit, "test", [EmbedKinds.Card, EmbedKinds.Badge], ["https://portal.example"], DateTimeOffset.UnixEpoch, "admin", revokedAt);

    /// <summary>A store whose reads are counted and, while <see cref="Gate"/> is open, held (as a slow, asynchronous store would).</summary>
    private sealed class CountingStore
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public TaskCompletionSource? Gate { get; set; }

        public Func<EmbedTokenRecord?> Answer { get; set; } = () => Record();

        public async Task<EmbedTokenRecord?> FindAsync(string token, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            if (Gate is { } gate)
            {
                await gate.Task;
            }
            return token == Token ? Answer() : null;
        }
    }

    [Fact]
    public async Task ManyViewersRecheckingAnExpiredToken_ReadTheStoreOnce()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T08:00:00Z"));
        var store = new CountingStore();
        var access = new EmbedAccess(store.FindAsync, time);
        Assert.Null((await access.CheckAsync(Token, Unit, EmbedKinds.Card, null, CancellationToken.None)).Refusal);
        time.Advance(EmbedAccess.CacheFor);
        store.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var checks = Enumerable.Range(0, 1000)
            .Select(_ => Task.Run(() => access.CheckAsync(Token, Unit, EmbedKinds.Card, null, CancellationToken.None)))
            .ToArray();
        await Eventually.MatchAsync(() => Task.FromResult(store.Reads), reads => reads >= 2);
        await Task.Delay(200, TestContext.Current.CancellationToken); // every check has reached the cache by now
        store.Gate.SetResult();
        var results = await Task.WhenAll(checks);

        Assert.All(results, r => Assert.Null(r.Refusal));
        Assert.Equal(2, store.Reads); // the first check, then one read for the thousand
    }

    [Fact]
    public async Task ARevokedToken_IsRefusedOnceTheCachedAnswerExpires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T08:00:00Z"));
        var store = new CountingStore();
        var access = new EmbedAccess(store.FindAsync, time);
        Assert.Null((await access.CheckAsync(Token, Unit, EmbedKinds.Card, null, CancellationToken.None)).Refusal);

        store.Answer = () => Record(revokedAt: time.GetUtcNow());
        time.Advance(EmbedAccess.CacheFor - TimeSpan.FromMilliseconds(1));
        Assert.Null((await access.CheckAsync(Token, Unit, EmbedKinds.Card, null, CancellationToken.None)).Refusal);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("revoked", (await access.CheckAsync(Token, Unit, EmbedKinds.Card, null, CancellationToken.None)).Refusal?.Reason);
        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public async Task AFailedRead_IsNotKept_TheNextCheckReadsAgain()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T08:00:00Z"));
        var store = new CountingStore { Answer = () => throw new TimeoutException("store unavailable") };
        var access = new EmbedAccess(store.FindAsync, time);

        await Assert.ThrowsAsync<TimeoutException>(() => access.CheckAsync(Token, Unit, EmbedKinds.Card, null, CancellationToken.None));
        store.Answer = () => Record();

        Assert.Null((await access.CheckAsync(Token, Unit, EmbedKinds.Card, null, CancellationToken.None)).Refusal);
        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public async Task AViewerLeavingDuringTheSharedRead_DoesNotCancelItForTheOthers()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T08:00:00Z"));
        var store = new CountingStore { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var access = new EmbedAccess(store.FindAsync, time);
        using var leaving = new CancellationTokenSource();

        var first = access.CheckAsync(Token, Unit, EmbedKinds.Card, null, leaving.Token);
        var second = access.CheckAsync(Token, Unit, EmbedKinds.Card, null, CancellationToken.None);
        await leaving.CancelAsync();
        store.Gate.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Null((await second).Refusal);
        Assert.Equal(1, store.Reads);
    }
}
