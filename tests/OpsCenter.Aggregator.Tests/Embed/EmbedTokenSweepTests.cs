using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using OpsCenter.Aggregator.Embed;
using OpsCenter.Domain.People;
using OpsCenter.Domain.Units;

namespace OpsCenter.Aggregator.Tests.Embed;

/// <summary>
/// Open widget streams are re-checked once per token, not once per viewer: a revoked token (or an
/// origin taken off its list) closes exactly its viewers' streams with a "refused" event, and a
/// store that cannot answer closes nothing.
/// </summary>
public class EmbedTokenSweepTests
{
    private const string Unit = "26740";
    private const string Portal = "https://portal.example";
    private static readonly UnitCatalog Units = UnitCatalog.LoadHcmc();

    private sealed class Tokens
    {
        public Dictionary<string, EmbedTokenRecord> Records { get; } = new(StringComparer.Ordinal);

        public int Reads { get; private set; }

        public bool Broken { get; set; }

        public Task<EmbedTokenRecord?> FindAsync(string token, CancellationToken cancellationToken)
        {
            Reads++;
            return Broken ? throw new InvalidOperationException("store unreachable") : Task.FromResult(Records.GetValueOrDefault(token));
        }

        public void Issue(string token, params string[] origins) =>
            Records[token] = new EmbedTokenRecord("emb_" + token, Unit, token, [EmbedKinds.Card], origins, DateTimeOffset.UnixEpoch, "admin", null);
    }

    private static (EmbedBroadcaster Broadcaster, EmbedAccess Access, Tokens Tokens, FakeTimeProvider Time) New()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T08:00:00Z"));
        var tokens = new Tokens();
        var state = Live.SnapshotTests.NewState(out _);
        return (new EmbedBroadcaster(Units, new EmbedStatusCache(state, Units, time)), new EmbedAccess(tokens.FindAsync, time), tokens, time);
    }

    private static string? Last(EmbedBroadcaster.Viewer viewer)
    {
        string? last = null;
        while (viewer.Queue.Reader.TryRead(out var frame))
        {
            last = Encoding.UTF8.GetString(frame.Span);
        }
        return last;
    }

    [Fact]
    public async Task ARevokedToken_ClosesItsViewersStreams_WithOneCheckPerToken()
    {
        var (broadcaster, access, tokens, time) = New();
        tokens.Issue("revoked", Portal);
        tokens.Issue("kept", Portal);
        var revokedViewers = Enumerable.Range(0, 50).Select(_ => broadcaster.Subscribe(Unit, "revoked", Portal)).ToList();
        var kept = broadcaster.Subscribe(Unit, "kept", Portal);
        Assert.Equal(0, await broadcaster.SweepAsync(access, TestContext.Current.CancellationToken));
        Assert.Equal(2, tokens.Reads);

        tokens.Records["revoked"] = tokens.Records["revoked"] with { RevokedAt = time.GetUtcNow() };
        time.Advance(EmbedAccess.CacheFor);
        var refused = await broadcaster.SweepAsync(access, TestContext.Current.CancellationToken);

        Assert.Equal(50, refused);
        Assert.Equal(4, tokens.Reads);
        Assert.All(revokedViewers, v =>
        {
            Assert.Contains("event: refused", Last(v), StringComparison.Ordinal);
            Assert.True(v.Queue.Reader.Completion.IsCompleted);
        });
        Assert.Null(Last(kept));
        Assert.False(kept.Queue.Reader.Completion.IsCompleted);
    }

    [Fact]
    public async Task AnOriginTakenOffTheList_ClosesThatPortalsViewersOnly()
    {
        var (broadcaster, access, tokens, time) = New();
        tokens.Issue("shared", Portal, "https://other.example");
        var onPortal = broadcaster.Subscribe(Unit, "shared", Portal);
        var onOther = broadcaster.Subscribe(Unit, "shared", "https://other.example");

        tokens.Issue("shared", "https://other.example");
        time.Advance(EmbedAccess.CacheFor);
        Assert.Equal(1, await broadcaster.SweepAsync(access, TestContext.Current.CancellationToken));

        Assert.Contains("\"reason\":\"origin\"", Last(onPortal), StringComparison.Ordinal);
        Assert.False(onOther.Queue.Reader.Completion.IsCompleted);
    }

    [Fact]
    public async Task AStoreThatCannotAnswer_ClosesNothing()
    {
        var (broadcaster, access, tokens, time) = New();
        tokens.Issue("token", Portal);
        var viewer = broadcaster.Subscribe(Unit, "token", Portal);
        time.Advance(EmbedAccess.CacheFor);
        tokens.Broken = true;

        await Assert.ThrowsAsync<InvalidOperationException>(() => broadcaster.SweepAsync(access, TestContext.Current.CancellationToken));

        Assert.False(viewer.Queue.Reader.Completion.IsCompleted);
        Assert.Null(Last(viewer));
        await Assert.ThrowsAsync<ChannelClosedException>(async () =>
        {
            viewer.Refuse(EmbedBroadcaster.Frame("refused", new { reason = "test" }));
            Assert.NotNull(Last(viewer));
            await viewer.Queue.Reader.ReadAsync(TestContext.Current.CancellationToken);
        });
    }
}
