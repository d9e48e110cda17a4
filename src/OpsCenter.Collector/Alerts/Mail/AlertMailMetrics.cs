using OpsCenter.Storage.Outbox;
using Prometheus;

namespace OpsCenter.Collector.Alerts.Mail;

/// <summary>
/// Alert mail on <c>/metrics</c>: mails accepted by the SMTP server, failed attempts, the outbox's
/// given-up and waiting rows (from every replica, not only the lease holder), and how long a mail took
/// from being recorded to being accepted.
/// </summary>
internal static class AlertMailMetrics
{
    private static readonly Counter Sent = Metrics.CreateCounter(
        "opscenter_alert_mail_sent_total", "Alert mails accepted by the SMTP server.");

    private static readonly Counter Failed = Metrics.CreateCounter(
        "opscenter_alert_mail_failed_total", "Failed attempts to send an alert mail (each is retried with backoff until given up).");

    private static readonly Gauge GivenUp = Metrics.CreateGauge(
        "opscenter_alert_mail_given_up", "Alert mails given up after their last attempt (outbox rows).");

    private static readonly Gauge Pending = Metrics.CreateGauge(
        "opscenter_alert_mail_pending", "Alert mails not yet sent: waiting for their (next) attempt or being sent now.");

    private static readonly Histogram Delivery = Metrics.CreateHistogram(
        "opscenter_alert_mail_delivery_seconds", "Seconds from an alert mail being recorded in the outbox to its acceptance by the SMTP server.",
        new HistogramConfiguration { Buckets = [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200] });

    public static void Delivered(TimeSpan sinceRecorded)
    {
        Sent.Inc();
        Delivery.Observe(Math.Max(sinceRecorded.TotalSeconds, 0));
    }

    public static void Failure() => Failed.Inc();

    public static void Counted(OutboxCounts counts)
    {
        GivenUp.Set(counts.GivenUp);
        Pending.Set(counts.Pending + counts.Sending);
    }
}
