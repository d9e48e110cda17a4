using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsCenter.Collector.Alerts;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Storage.Outbox;


namespace OpsCenter.Collector.Tests.Alerts.Mail;

/// <summary>The collector sending to a port where nothing listens, each mail given up after its first attempt.</summary>
public sealed class DeadSmtpCollectorApp : CollectorApp
{
    public int SmtpPort { get; } = Smtp4devServer.FreePort();

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Alerts:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Alerts:Smtp:Port", SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Alerts:Mail:PollInterval", "00:00:00.100");
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton(new OutboxPolicy { MaxAttempts = 1 })));
    }
}

/// <summary>The collector told by its AppHost that the inbox could not be started.</summary>
public sealed class UnavailableSmtpCollectorApp : CollectorApp
{
    public const string Reason = "smtp4dev is not installed: run dotnet tool install Rnwood.Smtp4dev --version 3.15.0 --tool-path .tools/smtp4dev";

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Alerts:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Alerts:Smtp:Unavailable", Reason);
        builder.UseSetting("Alerts:Mail:PollInterval", "00:00:00.100");
    }
}

public sealed class AlertMailStatusApiTests(DeadSmtpCollectorApp app) : IClassFixture<DeadSmtpCollectorApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Status_MailGivenUp_ListsItWithItsError_TheServerAndTheLease()
    {
        var message = new OutboxMessage("system-down|personnel|2026-12-03T08:00", "duty@ward-a.hcmc.gov.vn", OutboxKind.Fired, "email",
            "[OpsCenter] Hệ thống nhân sự ngừng hoạt động", "Cảnh báo", null);
        await app.Services.GetRequiredService<OutboxStore>().EnqueueAsync(message, Ct);
        app.Services.GetRequiredService<AlertMailSignal>().Wake();
        var admin = app.CreateAdmin();

        var status = await Eventually.MatchAsync(() => admin.GetFromJsonAsync<AlertMailStatus>("/api/admin/v1/alerts/mail", WireJson.Options, Ct),
            s => s!.GivenUp.Count == 1 && s.HoldsLease);

        Assert.Equal($"127.0.0.1:{app.SmtpPort}", status!.Server);
        Assert.Null(status.Unavailable);
        Assert.NotNull(status.LeaseHolder);
        Assert.Equal(new AlertMailCounts(0, 0, 0, 1), status.Counts);
        var givenUp = Assert.Single(status.GivenUp);
        Assert.Equal((message.AlertKey, message.Recipient, OutboxKind.Fired, 1), (givenUp.AlertKey, givenUp.Recipient, givenUp.Kind, givenUp.Attempts));
        Assert.Contains($"127.0.0.1:{app.SmtpPort} not reached", givenUp.LastError, StringComparison.Ordinal);
        Assert.InRange(givenUp.GivenUpAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        var metrics = await app.CreateClient().GetStringAsync("/metrics", Ct);
        foreach (var name in new[] { "opscenter_alert_mail_sent_total", "opscenter_alert_mail_failed_total", "opscenter_alert_mail_given_up",
            "opscenter_alert_mail_pending", "opscenter_alert_mail_delivery_seconds" })
        {
            Assert.Contains($"# TYPE {name} ", metrics, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Status_WithoutAdminKey_Is401()
    {
        using var anonymous = await app.CreateClient().GetAsync("/api/admin/v1/alerts/mail", Ct);
        var withSourceKey = app.CreateClient();
        withSourceKey.DefaultRequestHeaders.Authorization = new("Bearer", CollectorApp.WardKey);
        using var sourceKey = await withSourceKey.GetAsync("/api/admin/v1/alerts/mail", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, sourceKey.StatusCode);
    }
}

public sealed class AlertMailUnavailableApiTests(UnavailableSmtpCollectorApp app) : IClassFixture<UnavailableSmtpCollectorApp>
{
    [Fact]
    public async Task Status_InboxUnavailable_SaysWhy_AndTheMailStaysPending()
    {
        var ct = TestContext.Current.CancellationToken;
        await app.Services.GetRequiredService<OutboxStore>().EnqueueAsync(
            new OutboxMessage("rule|cause|onset", "duty@ward-a.hcmc.gov.vn", OutboxKind.Fired, "email", "Subject", "Body", null), ct);
        app.Services.GetRequiredService<AlertMailSignal>().Wake();
        await Task.Delay(TimeSpan.FromSeconds(1), ct);

        var status = await app.CreateAdmin().GetFromJsonAsync<AlertMailStatus>("/api/admin/v1/alerts/mail", WireJson.Options, ct);

        Assert.Equal(UnavailableSmtpCollectorApp.Reason, status!.Unavailable);
        Assert.Null(status.Server);
        Assert.False(status.HoldsLease);
        Assert.Equal(new AlertMailCounts(1, 0, 0, 0), status.Counts);
        Assert.Empty(status.GivenUp);
    }
}
