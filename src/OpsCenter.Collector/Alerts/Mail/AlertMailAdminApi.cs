using Microsoft.AspNetCore.Http.HttpResults;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Storage.Leases;
using OpsCenter.Storage.Outbox;

namespace OpsCenter.Collector.Alerts.Mail;

/// <summary><c>GET /api/admin/v1/alerts/mail</c>: the alert mailer's server, lease and outbox, for Admin › Alerts.</summary>
public static class AlertMailAdminApi
{
    public const int GivenUpShown = 50;

    public static RouteGroupBuilder MapAlertMailAdminApi(this RouteGroupBuilder admin)
    {
        var mail = admin.MapGroup("/alerts/mail").WithTags("Admin: alerts");
        mail.MapGet("", Status).WithName("GetAlertMailStatus")
            .WithSummary("The SMTP server (or why there is none), whether this collector holds the alert-mail lease, the outbox by state and the newest 50 given-up mails.");
        return mail;
    }

    internal static async Task<Ok<AlertMailStatus>> Status(
        AlertMailer mailer, OutboxStore outbox, LeaseStore leases, TimeProvider time, CancellationToken cancellationToken)
    {
        var counts = await outbox.CountsAsync(cancellationToken);
        var givenUp = await outbox.GivenUpAsync(GivenUpShown, cancellationToken);
        var lease = await leases.FindAsync(AlertMailer.LeaseName, cancellationToken);
        return TypedResults.Ok(new AlertMailStatus(
            mailer.Server, mailer.Unavailable, mailer.HoldsLease,
            lease is not null && lease.ExpiresAt > time.GetUtcNow() ? lease.Holder : null,
            new AlertMailCounts(counts.Pending, counts.Sending, counts.Sent, counts.GivenUp),
            [.. givenUp.Select(e => new AlertMailGivenUp(e.Message.AlertKey, e.Message.Recipient, e.Message.Kind, e.Attempts, e.LastError, e.NextAttemptAt))]));
    }
}
