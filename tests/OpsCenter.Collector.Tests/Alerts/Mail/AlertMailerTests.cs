using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsCenter.Collector.Alerts;
using OpsCenter.Collector.Alerts.Mail;
using OpsCenter.Storage.Leases;
using OpsCenter.Storage.Outbox;
using OpsCenter.Storage.Sqlite;


namespace OpsCenter.Collector.Tests.Alerts.Mail;

/// <summary>
/// The mailer against a real SMTP server (smtp4dev) over a real SQLite file. Each test has its own
/// store and recipients' domain; each mailer (a "process") opens its own store on the file. The
/// outbox's clock is a fake one (backoff and claim timeouts move only when a test advances it); the
/// mailer polls every 100 ms of real time.
/// </summary>
public sealed class AlertMailerTests(Smtp4devServer smtp) : IClassFixture<Smtp4devServer>, IAsyncLifetime
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

    private readonly string _folder = Directory.CreateTempSubdirectory("opscenter-mailer-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-03T08:00:00+07:00"));
    private readonly string _domain = $"t{Guid.NewGuid().ToString("N")[..10]}.example";
    private readonly List<Replica> _replicas = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task SendDue_ThreeRecipients_EachGetsItsMailOnceWithSubjectHeaderAndMessageIdOfItsRow()
    {
        var alert = $"system-down|personnel|{_domain}";
        var mailer = await StartAsync(smtp.SmtpPort);
        await mailer.Outbox.EnqueueAsync(Message(alert, "duty"), Ct);
        await mailer.Outbox.EnqueueAsync(Message(alert, "lead"), Ct);
        await mailer.Outbox.EnqueueAsync(Message(alert, "admin") with { BodyHtml = null }, Ct);
        mailer.Signal.Wake();

        var mails = await MailsAsync(3);

        Assert.Equal([$"admin@{_domain}", $"duty@{_domain}", $"lead@{_domain}"], mails.Select(m => Assert.Single(m.To)).Order());
        foreach (var mail in mails)
        {
            var recipient = mail.To[0].Split('@')[0];
            var row = (await mailer.Outbox.FindAsync(alert, mail.To[0], OutboxKind.Fired, Ct))!;
            Assert.Equal($"[OpsCenter] Hệ thống nhân sự ngừng hoạt động ({recipient})", mail.Subject);
            Assert.Equal(alert, Assert.Single(mail.Headers[AlertMailer.AlertHeader]));
            Assert.Equal($"<{row.Id}@localhost>", Assert.Single(mail.Headers["Message-Id"]));
            Assert.Contains("OpsCenter TP.HCM", Assert.Single(mail.Headers["From"]));
            Assert.Equal(OutboxStatus.Sent, row.Status);
            Assert.True(mail.HasText);
            Assert.Equal(recipient != "admin", mail.HasHtml);
        }
        Assert.Equal(new OutboxCounts(0, 0, 3, 0), await mailer.Outbox.CountsAsync(Ct));
    }

    [Fact]
    public async Task SendDue_ServerNotListening_MarksFailedWithBackoff_ThenSendsOnceWhenDueAgain()
    {
        var alert = $"source-silent|ward-a|{_domain}";
        var down = await StartAsync(Smtp4devServer.FreePort());
        await down.Outbox.EnqueueAsync(Message(alert, "duty"), Ct);
        down.Signal.Wake();

        var failed = await Eventually.MatchAsync(() => down.Outbox.FindAsync(alert, $"duty@{_domain}", OutboxKind.Fired, Ct), e => e!.Attempts == 1 && e.Status == OutboxStatus.Pending);
        Assert.Equal(_time.GetUtcNow() + down.Outbox.Policy.FirstDelay, failed!.NextAttemptAt);
        Assert.Contains("not reached", failed.LastError, StringComparison.Ordinal);
        await StopAsync(down);

        // The server is back, but the mail waits for its backoff.
        var up = await StartAsync(smtp.SmtpPort);
        up.Signal.Wake();
        await Task.Delay(Settle, Ct);
        Assert.Empty(await smtp.MailsToAsync(_domain));
        Assert.Equal(1, (await up.Outbox.FindAsync(alert, $"duty@{_domain}", OutboxKind.Fired, Ct))!.Attempts);

        _time.Advance(up.Outbox.Policy.FirstDelay);
        up.Signal.Wake();

        Assert.Equal($"duty@{_domain}", Assert.Single(Assert.Single(await MailsAsync(1)).To));
        var sent = (await up.Outbox.FindAsync(alert, $"duty@{_domain}", OutboxKind.Fired, Ct))!;
        Assert.Equal((OutboxStatus.Sent, 2), (sent.Status, sent.Attempts));
    }

    [Fact]
    public async Task Restart_ProcessKilledBetweenRecordingAndSending_DeliversEachMailOnce()
    {
        var alert = $"late-dossiers|26740|{_domain}";
        var ttl = TimeSpan.FromSeconds(30);
        // The first process records three mails, takes the lease, claims two of them for a batch and is
        // killed before sending anything: no release, no marking, its store simply gone.
        await using (var killed = new SqliteStore(SqliteStore.ConnectionStringFor(_folder), _time))
        {
            var outbox = new OutboxStore(killed, _time, new OutboxPolicy());
            foreach (var recipient in new[] { "duty", "lead", "admin" })
            {
                Assert.True(await outbox.EnqueueAsync(Message(alert, recipient), Ct));
            }
            Assert.NotNull(await new LeaseStore(killed, _time).TryAcquireAsync(AlertMailer.LeaseName, "killed-process", ttl, Ct));
            Assert.Equal(2, (await outbox.ClaimDueAsync("killed-process", 2, Ct)).Count);
        }

        var restarted = await StartAsync(smtp.SmtpPort, ttl);
        await Task.Delay(Settle, Ct);
        Assert.Empty(await smtp.MailsToAsync(_domain)); // the killed process's lease has not expired yet
        await AdvanceUntilAsync(() => restarted.Mailer.HoldsLease, TimeSpan.FromSeconds(5));
        // The mail nobody claimed goes at once; the two claimed ones after the claim timeout.
        Assert.Single(await MailsAsync(1));
        await Eventually.MatchAsync(() => restarted.Outbox.CountsAsync(Ct), c => c.Sent == 1);
        _time.Advance(restarted.Outbox.Policy.ClaimTimeout);
        restarted.Signal.Wake();

        var mails = await MailsAsync(3);

        Assert.Equal([$"admin@{_domain}", $"duty@{_domain}", $"lead@{_domain}"], mails.Select(m => Assert.Single(m.To)).Order());
        Assert.Equal(new OutboxCounts(0, 0, 3, 0), await restarted.Outbox.CountsAsync(Ct));
    }

    [Fact]
    public async Task TwoMailers_OnOneStoreAtOnce_SendEachMailOnce_AndTheOtherTakesOverWhenTheHolderStops()
    {
        var ttl = TimeSpan.FromSeconds(30);
        var (a, b) = (await StartAsync(smtp.SmtpPort, ttl), await StartAsync(smtp.SmtpPort, ttl));
        for (var i = 0; i < 12; i++)
        {
            await a.Outbox.EnqueueAsync(Message($"rule-{i}|cause|{_domain}", $"person{i % 4}"), Ct);
        }
        a.Signal.Wake();
        b.Signal.Wake();

        var first = await MailsAsync(12);

        Assert.Equal(12, first.Select(m => m.Headers[AlertMailer.AlertHeader].Single() + m.To[0]).Distinct().Count());
        Assert.True(a.Mailer.HoldsLease ^ b.Mailer.HoldsLease, "exactly one mailer holds the lease");
        var (holder, other) = a.Mailer.HoldsLease ? (a, b) : (b, a);

        await StopAsync(holder);
        for (var i = 12; i < 15; i++)
        {
            await other.Outbox.EnqueueAsync(Message($"rule-{i}|cause|{_domain}", "person0"), Ct);
        }
        await AdvanceUntilAsync(() => other.Mailer.HoldsLease, TimeSpan.FromSeconds(5));
        other.Signal.Wake();

        var all = await MailsAsync(15);
        Assert.Equal(15, all.Select(m => m.Headers[AlertMailer.AlertHeader].Single() + m.To[0]).Distinct().Count());
        Assert.Equal(new OutboxCounts(0, 0, 15, 0), await other.Outbox.CountsAsync(Ct));
    }

    [Fact]
    public async Task Unavailable_ReasonSet_ClaimsNothing_AndSaysWhy()
    {
        var reason = "smtp4dev is not installed: run dotnet tool install ...";
        var mailer = await StartAsync(smtp.SmtpPort, unavailable: reason);
        await mailer.Outbox.EnqueueAsync(Message($"rule|cause|{_domain}", "duty"), Ct);
        mailer.Signal.Wake();
        await Task.Delay(Settle, Ct);

        Assert.Equal(reason, mailer.Mailer.Unavailable);
        Assert.Null(mailer.Mailer.Server);
        Assert.False(mailer.Mailer.HoldsLease);
        Assert.Equal(new OutboxCounts(1, 0, 0, 0), await mailer.Outbox.CountsAsync(Ct));
        Assert.Empty(await smtp.MailsToAsync(_domain));
    }

    private OutboxMessage Message(string alert, string recipient) =>
        new(alert, $"{recipient}@{_domain}", OutboxKind.Fired, "email", $"[OpsCenter] Hệ thống nhân sự ngừng hoạt động ({recipient})",
            $"Cảnh báo {alert}", $"<p>Cảnh báo <b>{alert}</b></p>");

    /// <summary>The mails to this test's domain once there are <paramref name="count"/>, and still that many a moment later (none sent twice).</summary>
    private async Task<IReadOnlyList<ReceivedMail>> MailsAsync(int count)
    {
        await Eventually.MatchAsync(() => smtp.MailsToAsync(_domain), m => m.Count >= count);
        await Task.Delay(Settle, Ct);
        var mails = await smtp.MailsToAsync(_domain);
        Assert.Equal(count, mails.Count);
        return mails;
    }


    /// <summary>Moves the fake clock in steps (letting the mailers' timers run) until <paramref name="done"/>.</summary>
    private async Task AdvanceUntilAsync(Func<bool> done, TimeSpan step)
    {
        var steps = 0;
        await Eventually.TrueAsync(() =>
        {
            if (done())
            {
                return true;
            }
            Assert.True(++steps <= 100, "the condition did not come true as the clock moved 100 steps");
            _time.Advance(step);
            return false;
        }, poll: TimeSpan.FromMilliseconds(100));
    }

    private async Task<Replica> StartAsync(int port, TimeSpan? leaseTtl = null, string? unavailable = null)
    {
        var store = new SqliteStore(SqliteStore.ConnectionStringFor(_folder), _time);
        var outbox = new OutboxStore(store, _time, new OutboxPolicy());
        var signal = new AlertMailSignal();
        var mailer = new AlertMailer(outbox, new LeaseKeeper(new LeaseStore(store, _time), _time, NullLogger<LeaseKeeper>.Instance), signal,
            Options.Create(new AlertSmtpOptions { Host = "127.0.0.1", Port = port, Unavailable = unavailable }),
            Options.Create(new AlertMailOptions { PollInterval = TimeSpan.FromMilliseconds(100), LeaseTtl = leaseTtl ?? TimeSpan.FromHours(1) }),
            _time, NullLogger<AlertMailer>.Instance);
        var replica = new Replica(store, outbox, signal, mailer);
        _replicas.Add(replica);
        await mailer.StartAsync(Ct);
        return replica;
    }

    private async Task StopAsync(Replica replica)
    {
        _replicas.Remove(replica);
        await replica.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed record Replica(SqliteStore Store, OutboxStore Outbox, AlertMailSignal Signal, AlertMailer Mailer) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Mailer.StopAsync(CancellationToken.None);
            Mailer.Dispose();
            await Store.DisposeAsync();
        }
    }
}
