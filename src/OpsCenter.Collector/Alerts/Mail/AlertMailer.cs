using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;
using OpsCenter.Storage.Leases;
using OpsCenter.Storage.Outbox;

namespace OpsCenter.Collector.Alerts.Mail;

/// <summary>
/// Sends the outbox's alert mail while this process holds the lease <c>alert-mail</c>: claims due rows
/// (every poll, and at once when <see cref="AlertMailSignal"/> is woken), sends them over one SMTP
/// connection per batch and marks each sent or failed (the outbox's policy backs off and gives up).
/// Each mail's Message-Id is made from its outbox row, so the rare second send of one row (the
/// outbox is at-least-once) is recognisable as the same mail. Without a server (none configured, or
/// the AppHost says why there is none) nothing is claimed: the mail stays pending and
/// <see cref="Unavailable"/> says why.
/// </summary>
public sealed partial class AlertMailer(
    OutboxStore outbox,
    LeaseKeeper leases,
    AlertMailSignal signal,
    IOptions<AlertSmtpOptions> smtpOptions,
    IOptions<AlertMailOptions> mailOptions,
    TimeProvider time,
    ILogger<AlertMailer> logger) : BackgroundService
{
    public const string LeaseName = "alert-mail";

    public const string AlertHeader = "X-OpsCenter-Alert";

    /// <summary>The outbox gauges are refreshed this often by every replica, holder or not.</summary>
    private static readonly TimeSpan CountInterval = TimeSpan.FromSeconds(15);

    private readonly AlertSmtpOptions _smtp = smtpOptions.Value;
    private readonly AlertMailOptions _options = mailOptions.Value;
    private volatile bool _holdsLease;

    /// <summary>This mailer's lease holder name: the process's, and one per mailer (tests run several in one process).</summary>
    public string Holder { get; } = $"{LeaseKeeper.ProcessHolder}/mail-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Whether this mailer holds the lease now (and so is the one sending).</summary>
    public bool HoldsLease => _holdsLease;

    /// <summary>Null when mail is sent; otherwise why it is not.</summary>
    public string? Unavailable => _smtp.UnavailableReason();

    /// <summary><c>host:port</c> of the SMTP server; null when there is none.</summary>
    public string? Server => Unavailable is null ? $"{_smtp.Host}:{_smtp.Port}" : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var counting = CountEveryIntervalAsync(stoppingToken);
        if (Unavailable is { } reason)
        {
            LogUnavailable(reason);
        }
        else
        {
            await leases.RunAsync(LeaseName, Holder, _options.LeaseTtl, SendWhileHeldAsync, stoppingToken);
        }
        await counting;
    }

    private async Task SendWhileHeldAsync(Lease lease, CancellationToken held)
    {
        _holdsLease = true;
        try
        {
            while (!held.IsCancellationRequested)
            {
                var claimed = 0;
                try
                {
                    claimed = await SendDueAsync(held);
                }
                catch (OperationCanceledException) when (held.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception error)
                {
                    // The store or the server failed outside one mail: try again at the next poll.
                    LogRoundFailed(error);
                }
                if (claimed < _options.BatchSize)
                {
                    await signal.WaitAsync(_options.PollInterval, held);
                }
            }
        }
        finally
        {
            _holdsLease = false;
        }
    }

    /// <summary>Claims one batch and sends it; returns how many rows were claimed.</summary>
    private async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var claims = await outbox.ClaimDueAsync(Holder, _options.BatchSize, cancellationToken);
        if (claims.Count == 0)
        {
            return 0;
        }
        using var client = new SmtpClient { Timeout = (int)_smtp.Timeout.TotalMilliseconds };
        string? unreachable = null;
        foreach (var claim in claims)
        {
            if (unreachable is null && !client.IsConnected)
            {
                try
                {
                    await ConnectAsync(client, cancellationToken);
                }
                catch (Exception error) when (!cancellationToken.IsCancellationRequested)
                {
                    unreachable = $"SMTP server {_smtp.Host}:{_smtp.Port} not reached: {error.Message}";
                }
            }
            if (unreachable is not null)
            {
                await FailAsync(claim, unreachable, cancellationToken);
                continue;
            }
            try
            {
                await client.SendAsync(Compose(claim), cancellationToken);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                await FailAsync(claim, error is SmtpCommandException command ? $"{(int)command.StatusCode} {command.Message}" : error.Message, cancellationToken);
                continue;
            }
            AlertMailMetrics.Delivered(time.GetUtcNow() - claim.CreatedAt);
            if (!await outbox.MarkSentAsync(claim, cancellationToken))
            {
                LogClaimLost(claim.Id);
            }
        }
        if (client.IsConnected)
        {
            try
            {
                await client.DisconnectAsync(quit: true, cancellationToken);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                LogDisconnectFailed(error);
            }
        }
        await CountAsync(cancellationToken);
        return claims.Count;
    }

    private async Task ConnectAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        await client.ConnectAsync(_smtp.Host!, _smtp.Port, _smtp.SecureSocketOptions, cancellationToken);
        if (!string.IsNullOrEmpty(_smtp.UserName))
        {
            await client.AuthenticateAsync(_smtp.UserName, _smtp.Password ?? "", cancellationToken);
        }
    }

    private async Task FailAsync(OutboxClaim claim, string error, CancellationToken cancellationToken)
    {
        AlertMailMetrics.Failure();
        var status = await outbox.MarkFailedAsync(claim, error, cancellationToken);
        LogFailed(claim.Message.AlertKey, claim.Message.Recipient, claim.Attempt, status ?? "taken over", error);
    }

    internal MimeMessage Compose(OutboxClaim claim)
    {
        var mail = claim.Message;
        if (mail.Channel != "email")
        {
            throw new InvalidOperationException($"The mailer sends e-mail only; this message's channel is '{mail.Channel}'.");
        }
        var message = new MimeMessage
        {
            Subject = mail.Subject,
            Date = time.GetUtcNow(),
            // The row's id, so that a second send of one row carries the same id.
            MessageId = $"{claim.Id}@{MailboxAddress.Parse(_smtp.From).Domain}",
        };
        message.From.Add(new MailboxAddress(_smtp.FromName, _smtp.From));
        message.To.Add(MailboxAddress.Parse(mail.Recipient));
        message.Headers.Add(AlertHeader, mail.AlertKey);
        // Both bodies make multipart/alternative; the text alone a plain text mail.
        message.Body = new BodyBuilder { TextBody = mail.BodyText, HtmlBody = mail.BodyHtml }.ToMessageBody();
        return message;
    }

    private async Task CountEveryIntervalAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CountAsync(stoppingToken);
                await Task.Delay(CountInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                LogRoundFailed(error);
                await Task.Delay(CountInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task CountAsync(CancellationToken cancellationToken) =>
        AlertMailMetrics.Counted(await outbox.CountsAsync(cancellationToken));

    [LoggerMessage(LogLevel.Warning, "Alert mail is not sent ({Reason}); it stays in the outbox until a server is configured")]
    private partial void LogUnavailable(string reason);

    [LoggerMessage(LogLevel.Warning, "Alert mail for {AlertKey} to {Recipient} failed on attempt {Attempt} (now {Status}): {Error}")]
    private partial void LogFailed(string alertKey, string recipient, int attempt, string status, string error);

    [LoggerMessage(LogLevel.Warning, "Alert mail {Id} was sent after its claim had been taken over; it may be sent twice")]
    private partial void LogClaimLost(string id);

    [LoggerMessage(LogLevel.Error, "The alert mailer's round failed; it tries again at the next poll")]
    private partial void LogRoundFailed(Exception error);

    [LoggerMessage(LogLevel.Debug, "Closing the SMTP connection failed")]
    private partial void LogDisconnectFailed(Exception error);
}
