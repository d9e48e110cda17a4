using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Storage.Outbox;

namespace OpsCenter.Collector.Tests.Alerts;

/// <summary>
/// The collector with an <c>alert-writer</c> key (the aggregator's), acknowledgement links on, and a
/// fake clock that starts now and moves only when a test moves it.
/// </summary>
public class AlertsApp : CollectorApp
{
    public const string WriterKey = "test-alert-writer-key";
    public const string LinkKey = "test-link-key-0123456789abcdef0123456789abcdef";
    public const string BaseUrl = "https://opscenter.test";

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    public OutboxStore Outbox => Services.GetRequiredService<OutboxStore>();

    /// <summary>Alerts:RulesFolder for this app; none by default.</summary>
    protected virtual string RulesFolder => "";

    public HttpClient CreateWriter()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", WriterKey);
        return client;
    }

    public AlertFiredEvent Fired(string key, params string[] units) => new(
        key, "system-down", "Hệ thống ngừng hoạt động", "System down", "civil-status", units,
        Clock.GetUtcNow().AddMinutes(-3), Clock.GetUtcNow(), AlertLevel.Critical, "Hộ tịch ngừng hoạt động", "Civil status down");

    public static string NewKey() => $"system-down|civil-status|{Guid.NewGuid():N}";

    public async Task<HttpResponseMessage> PostTransitionsAsync(params AlertTransitionEntry[] entries) =>
        await CreateWriter().PostAsJsonAsync("/api/admin/v1/alerts/transitions", new AlertTransitionBatch(entries), WireJson.Options,
            TestContext.Current.CancellationToken);

    /// <summary>Creates a person; <paramref name="email"/> null: without an address.</summary>
    public async Task<string> PersonAsync(string role, string? unit, string? email, bool disabled = false)
    {
        var username = $"p{Guid.NewGuid():N}"[..16];
        using var put = await CreateAdmin("admin").PutAsJsonAsync($"/api/admin/v1/people/{username}",
            new { displayName = "Người nhận " + role, role, unit, password = "mat-khau-rat-dai", disabled, email }, TestContext.Current.CancellationToken);
        put.EnsureSuccessStatusCode();
        return username;
    }

    /// <summary>The token of the acknowledgement link in the fired mail to <paramref name="email"/>.</summary>
    public async Task<string> LinkTokenAsync(string key, string email)
    {
        var message = await Outbox.FindAsync(key, email, OutboxKind.Fired, TestContext.Current.CancellationToken);
        var match = Regex.Match(message!.Message.BodyText, @"/alerts/confirm\?t=(\S+)");
        Assert.True(match.Success, message.Message.BodyText);
        return Uri.UnescapeDataString(match.Groups[1].Value);
    }

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Collector:Admin:Keys:1:Name", "aggregator");
        builder.UseSetting("Collector:Admin:Keys:1:Key", WriterKey);
        builder.UseSetting("Collector:Admin:Keys:1:Role", "alert-writer");
        builder.UseSetting("Alerts:LinkKey", LinkKey);
        builder.UseSetting("Alerts:PublicBaseUrl", BaseUrl);
        builder.UseSetting("Alerts:RulesFolder", RulesFolder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>The same over PostgreSQL: a fresh database on the server named by OPSCENTER_TEST_POSTGRES.</summary>
public sealed class PostgresAlertsApp : AlertsApp
{
    private readonly string _database = $"opscenter_alerts_{Guid.NewGuid():N}";
    private readonly string _server = OpsCenter.Storage.Tests.TestPostgres.ServerConnectionString();

    public PostgresAlertsApp()
    {
        using var connection = new Npgsql.NpgsqlConnection(_server);
        connection.Open();
        using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
        create.ExecuteNonQuery();
    }

    protected override void Configure(IWebHostBuilder builder)
    {
        base.Configure(builder);
        builder.UseSetting("Store:Provider", "postgres");
        builder.UseSetting("Store:ConnectionString", new Npgsql.NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var connection = new Npgsql.NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
