using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace OpsCenter.Collector.Alerts.Mail;

/// <summary>
/// The SMTP server alert mail goes through (<c>Alerts:Smtp</c>). Without <see cref="Host"/>, or with
/// <see cref="Unavailable"/> set (the AppHost says why it could not start the inbox), nothing is sent
/// and the outbox keeps the mail pending.
/// </summary>
public sealed class AlertSmtpOptions
{
    public const string Section = "Alerts:Smtp";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    [Required, EmailAddress]
    public string From { get; set; } = "opscenter@localhost";

    [Required]
    public string FromName { get; set; } = "OpsCenter TP.HCM";

    /// <summary>Signs in with these when set; the local inbox needs none.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary><c>None</c> for the local inbox; <c>StartTls</c>, <c>SslOnConnect</c> or <c>Auto</c> for a real relay.</summary>
    public SecureSocketOptions SecureSocketOptions { get; set; } = SecureSocketOptions.None;

    /// <summary>Why there is no server (set by the AppHost when the inbox could not be started).</summary>
    public string? Unavailable { get; set; }

    /// <summary>Connecting, and each SMTP command, gives up after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Null when mail can be sent; otherwise the reason it cannot.</summary>
    public string? UnavailableReason() =>
        !string.IsNullOrWhiteSpace(Unavailable) ? Unavailable
        : string.IsNullOrWhiteSpace(Host) ? $"no SMTP server is configured ({Section}:Host is not set)" : null;
}

/// <summary>How the mailer works the outbox (<c>Alerts:Mail</c>).</summary>
public sealed class AlertMailOptions
{
    public const string Section = "Alerts:Mail";

    /// <summary>The outbox is looked at this often, and at once when rows are enqueued.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Rows claimed, and sent over one connection, at a time.</summary>
    [Range(1, 500)]
    public int BatchSize { get; set; } = 20;

    /// <summary>The <c>alert-mail</c> lease's time to live: another replica takes over this long after this one dies.</summary>
    [Range(typeof(TimeSpan), "00:00:03", "00:10:00")]
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(30);
}
