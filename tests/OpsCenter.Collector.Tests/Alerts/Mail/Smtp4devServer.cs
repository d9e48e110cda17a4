namespace OpsCenter.Collector.Tests.Alerts.Mail;

/// <summary>
/// The mailer tests' SMTP server as an xunit fixture: the shared <see cref="Smtp4dev"/> (tests/Shared/Mail),
/// started once per class. There is no skipping: without the tool the tests fail and say how to install it.
/// </summary>
public sealed class Smtp4devServer : IAsyncLifetime
{
    private Smtp4dev? _inbox;

    private Smtp4dev Inbox => _inbox ?? throw new InvalidOperationException("smtp4dev is not started yet.");

    public int SmtpPort => Inbox.SmtpPort;

    public Uri WebUrl => Inbox.WebUrl;

    public async ValueTask InitializeAsync() => _inbox = await Smtp4dev.StartAsync(TestContext.Current.CancellationToken);

    /// <summary>The mails received whose recipients include an address ending in <paramref name="domain"/>, with their headers.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> MailsToAsync(string domain)
    {
        var mails = new List<ReceivedMail>();
        foreach (var mail in await Inbox.MessagesAsync())
        {
            if (mail.To.Any(t => t.Contains("@" + domain, StringComparison.OrdinalIgnoreCase)))
            {
                var detail = await Inbox.DetailAsync(mail.Id);
                mails.Add(new ReceivedMail(mail.To, mail.Subject, detail.Headers, detail.HasText, detail.HasHtml));
            }
        }
        return mails;
    }

    public async ValueTask DisposeAsync()
    {
        if (_inbox is not null)
        {
            await _inbox.DisposeAsync();
        }
    }

    internal static int FreePort() => Smtp4dev.FreePort();
}

/// <summary>A mail as smtp4dev received it.</summary>
public sealed record ReceivedMail(IReadOnlyList<string> To, string Subject, ILookup<string, string> Headers, bool HasText, bool HasHtml);
