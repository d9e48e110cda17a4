using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using OpsCenter.Storage.Outbox;

namespace OpsCenter.Storage.Tests.Outbox;

/// <summary>The outbox on every engine: each test has its own database; each sender opens its own store on it.</summary>
public abstract class OutboxStoreTests<TDatabase> : IAsyncLifetime
    where TDatabase : TestDatabase, new()
{
    private static readonly OutboxPolicy Policy = new()
    {
        FirstDelay = TimeSpan.FromSeconds(30),
        MaxDelay = TimeSpan.FromMinutes(30),
        MaxAttempts = 4,
        ClaimTimeout = TimeSpan.FromMinutes(5),
    };

    private readonly TDatabase _database = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-03T08:00:00+07:00"));

    public ValueTask InitializeAsync() => _database.CreateAsync();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private OutboxStore Sender() => new(_database.OpenStore(), _time, Policy);

    private static OutboxMessage Message(string alert, string kind = OutboxKind.Fired, string recipient = "duty@ward-a.hcmc.gov.vn") =>
        new(alert, recipient, kind, "email", $"[OpsCenter] {alert} {kind}", $"Alert {alert}: {kind}", $"<p>Alert {alert}: {kind}</p>");

    [Fact]
    public async Task EnqueueAsync_SameAlertRecipientAndKindTwice_KeepsOneRowUnchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        var outbox = Sender();

        Assert.True(await outbox.EnqueueAsync(Message("a1"), ct));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(await outbox.EnqueueAsync(Message("a1") with { Subject = "changed" }, ct));
        Assert.True(await outbox.EnqueueAsync(Message("a1", OutboxKind.Reminder(1)), ct));
        Assert.True(await outbox.EnqueueAsync(Message("a1", recipient: "lead@ward-a.hcmc.gov.vn"), ct));

        var entry = (await outbox.FindAsync("a1", "duty@ward-a.hcmc.gov.vn", OutboxKind.Fired, ct))!;
        Assert.Equal("[OpsCenter] a1 fired", entry.Message.Subject);
        Assert.Equal("<p>Alert a1: fired</p>", entry.Message.BodyHtml);
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromMinutes(1), entry.CreatedAt);
        Assert.Equal(new OutboxCounts(3, 0, 0, 0), await outbox.CountsAsync(ct));
    }

    [Fact]
    public async Task ClaimDueAsync_FourSendersInParallel_ClaimEachMessageExactlyOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var setup = Sender();
        for (var i = 0; i < 200; i++)
        {
            await setup.EnqueueAsync(Message($"alert-{i:000}"), ct);
        }
        var claimed = new ConcurrentBag<OutboxClaim>();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(s => Task.Run(async () =>
        {
            var outbox = Sender();
            while (true)
            {
                var claims = await outbox.ClaimDueAsync($"sender-{s}", 7, ct);
                foreach (var claim in claims)
                {
                    claimed.Add(claim);
                }
                // An empty answer may only mean racing senders took this one's picks; stop when none is left.
                if (claims.Count == 0 && (await outbox.CountsAsync(ct)).Pending == 0)
                {
                    return;
                }
            }
        }, ct)));

        Assert.Equal(200, claimed.Count);
        Assert.Equal(200, claimed.Select(c => c.Id).Distinct().Count());
        Assert.All(claimed, c => Assert.Equal(1, c.Attempt));
        Assert.Equal(new OutboxCounts(0, 200, 0, 0), await setup.CountsAsync(ct));
    }

    [Fact]
    public async Task ClaimDueAsync_SenderDiedWithTheClaim_ClaimableAgainOnlyAfterTheTimeout()
    {
        var ct = TestContext.Current.CancellationToken;
        var (dead, alive) = (Sender(), Sender());
        await dead.EnqueueAsync(Message("a1"), ct);
        var lost = Assert.Single(await dead.ClaimDueAsync("dead", 10, ct));

        _time.Advance(Policy.ClaimTimeout - TimeSpan.FromSeconds(1));
        Assert.Empty(await alive.ClaimDueAsync("alive", 10, ct));
        _time.Advance(TimeSpan.FromSeconds(1));
        var retaken = Assert.Single(await alive.ClaimDueAsync("alive", 10, ct));

        Assert.Equal(lost.Id, retaken.Id);
        Assert.Equal(2, retaken.Attempt);
        Assert.False(await dead.MarkSentAsync(lost, ct), "a claim taken over is no longer the dead sender's");
        Assert.True(await alive.MarkSentAsync(retaken, ct));
        Assert.Empty(await alive.ClaimDueAsync("alive", 10, ct));
        Assert.Equal(new OutboxCounts(0, 0, 1, 0), await alive.CountsAsync(ct));
    }

    [Fact]
    public async Task ClaimDueAsync_SenderDiedOnTheLastAttempt_GivesTheMessageUp()
    {
        var ct = TestContext.Current.CancellationToken;
        var outbox = Sender();
        await outbox.EnqueueAsync(Message("a1"), ct);
        for (var attempt = 1; attempt <= Policy.MaxAttempts; attempt++)
        {
            Assert.Equal(attempt, Assert.Single(await outbox.ClaimDueAsync("crashing", 10, ct)).Attempt);
            _time.Advance(Policy.ClaimTimeout);
        }

        Assert.Empty(await outbox.ClaimDueAsync("crashing", 10, ct));
        Assert.Equal(OutboxStatus.GivenUp, (await outbox.FindAsync("a1", "duty@ward-a.hcmc.gov.vn", OutboxKind.Fired, ct))!.Status);
    }

    [Fact]
    public async Task MarkFailedAsync_EachFailure_BacksOffDoublingThenGivesUpAfterTheLimit()
    {
        var ct = TestContext.Current.CancellationToken;
        var outbox = Sender();
        await outbox.EnqueueAsync(Message("a1"), ct);
        var waits = new List<TimeSpan>();
        string? status = null;
        for (var attempt = 1; attempt <= Policy.MaxAttempts; attempt++)
        {
            var claim = Assert.Single(await outbox.ClaimDueAsync("sender", 10, ct));
            status = await outbox.MarkFailedAsync(claim, $"550 mailbox unavailable ({attempt})", ct);
            if (status == OutboxStatus.GivenUp)
            {
                break;
            }
            var entry = (await outbox.FindAsync("a1", "duty@ward-a.hcmc.gov.vn", OutboxKind.Fired, ct))!;
            waits.Add(entry.NextAttemptAt - _time.GetUtcNow());
            _time.Advance(entry.NextAttemptAt - _time.GetUtcNow() - TimeSpan.FromMilliseconds(1));
            Assert.Empty(await outbox.ClaimDueAsync("sender", 10, ct)); // not yet due
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(OutboxStatus.GivenUp, status);
        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120)], waits);
        var given = (await outbox.FindAsync("a1", "duty@ward-a.hcmc.gov.vn", OutboxKind.Fired, ct))!;
        Assert.Equal(Policy.MaxAttempts, given.Attempts);
        Assert.Equal("550 mailbox unavailable (4)", given.LastError);
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await outbox.ClaimDueAsync("sender", 10, ct));
        Assert.Equal(new OutboxCounts(0, 0, 0, 1), await outbox.CountsAsync(ct));
    }

    [Fact]
    public async Task GivenUpAsync_GivenUpBySendersAndByTheClaimTimeout_NewestFirstWithTheirErrorAndTime()
    {
        var ct = TestContext.Current.CancellationToken;
        var outbox = Sender();
        var recorded = _time.GetUtcNow();
        foreach (var alert in new[] { "a1", "a2", "a3" })
        {
            await outbox.EnqueueAsync(Message(alert), ct);
        }
        var first = (await outbox.ClaimDueAsync("sender", 3, ct)).ToList();
        Assert.All(first, c => Assert.Equal(recorded, c.CreatedAt));
        await outbox.MarkSentAsync(first.Single(c => c.Message.AlertKey == "a3"), ct);
        for (var attempt = 1; attempt <= Policy.MaxAttempts; attempt++)
        {
            var claims = attempt == 1 ? first.Where(c => c.Message.AlertKey != "a3").ToList() : (await outbox.ClaimDueAsync("sender", 3, ct)).ToList();
            Assert.Equal(2, claims.Count);
            // a1 fails each time; a2's sender dies with the claim, so its last attempt times out.
            await outbox.MarkFailedAsync(claims.Single(c => c.Message.AlertKey == "a1"), $"550 no such user ({attempt})", ct);
            if (attempt < Policy.MaxAttempts)
            {
                await outbox.MarkFailedAsync(claims.Single(c => c.Message.AlertKey == "a2"), "timeout", ct);
            }
            _time.Advance(attempt < Policy.MaxAttempts ? TimeSpan.FromHours(1) : TimeSpan.FromMinutes(1));
        }
        var givenUpByTimeout = _time.GetUtcNow() + Policy.ClaimTimeout;
        _time.Advance(Policy.ClaimTimeout);
        Assert.Empty(await outbox.ClaimDueAsync("sender", 3, ct));

        var givenUp = await outbox.GivenUpAsync(50, ct);

        Assert.Equal(["a2", "a1"], givenUp.Select(e => e.Message.AlertKey));
        Assert.Equal("the sender stopped during its last attempt", givenUp[0].LastError);
        Assert.Equal(givenUpByTimeout, givenUp[0].NextAttemptAt);
        Assert.Equal($"550 no such user ({Policy.MaxAttempts})", givenUp[1].LastError);
        Assert.Equal(Policy.MaxAttempts, givenUp[1].Attempts);
        Assert.Equal(OutboxStatus.GivenUp, givenUp[1].Status);
        Assert.Equal(["a2"], (await outbox.GivenUpAsync(1, ct)).Select(e => e.Message.AlertKey));
    }

    [Fact]
    public async Task CountsAsync_MessagesInEveryState_CountsEach()
    {
        var ct = TestContext.Current.CancellationToken;
        var outbox = Sender();
        foreach (var alert in new[] { "a1", "a2", "a3", "a4", "a5" })
        {
            await outbox.EnqueueAsync(Message(alert), ct);
        }
        var claims = (await outbox.ClaimDueAsync("sender", 3, ct)).ToList();
        await outbox.MarkSentAsync(claims[0], ct);
        await outbox.MarkFailedAsync(claims[1], "timeout", ct);

        Assert.Equal(new OutboxCounts(3, 1, 1, 0), await outbox.CountsAsync(ct));
        Assert.Equal(["a1", "a2", "a3"], claims.Select(c => c.Message.AlertKey));
        Assert.NotNull((await outbox.FindAsync("a1", "duty@ward-a.hcmc.gov.vn", OutboxKind.Fired, ct))!.SentAt);
    }
}

public sealed class OutboxStoreTestsOnSqlite : OutboxStoreTests<SqliteTestDatabase>;

public sealed class OutboxStoreTestsOnPostgres : OutboxStoreTests<PostgresTestDatabase>;

public class OutboxPolicyTests
{
    [Fact]
    public void NextAttempt_ManyFailures_DoublesFrom30SecondsUpTo30MinutesThenGivesUp()
    {
        var policy = new OutboxPolicy { MaxAttempts = 10 };
        var now = DateTimeOffset.UnixEpoch;

        var delays = Enumerable.Range(1, 9).Select(a => policy.NextAttempt(a, now)!.Value - now).ToArray();

        Assert.Equal([30, 60, 120, 240, 480, 960, 1800, 1800, 1800], delays.Select(d => d.TotalSeconds));
        Assert.Null(policy.NextAttempt(10, now));
    }
}
