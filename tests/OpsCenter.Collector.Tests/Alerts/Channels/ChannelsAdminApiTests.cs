using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpsCenter.Collector.Alerts.Channels;
using OpsCenter.Storage.Admin;

namespace OpsCenter.Collector.Tests.Alerts.Channels;

public sealed class ChannelsAdminApiTests(CollectorApp app) : IClassFixture<CollectorApp>
{
    private const string Token = "zalo-token-API-PLAINTEXT-7";

    private static object Body(object? secrets) => new
    {
        channels = new object[]
        {
            new { id = "zns", kind = "http", preset = "zalo-zns", settings = new { templateId = "231456" }, secrets },
            new { id = "ops-webhook", kind = "webhook", url = "https://hooks.hcmc.test/opscenter" },
        },
    };

    [Fact]
    public async Task PutAndGet_NeverAnswerASecret_AndLeftOutSecretsAreKept()
    {
        var client = app.CreateAdmin("quan-tri");
        var ct = TestContext.Current.CancellationToken;

        using var put = await client.PutAsJsonAsync("/api/admin/v1/alerts/channels", Body(new { accessToken = Token }), ct);
        var putText = await put.Content.ReadAsStringAsync(ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.DoesNotContain(Token, putText);

        // An edit that does not touch the token sends none: it is kept.
        using var edit = await client.PutAsJsonAsync("/api/admin/v1/alerts/channels", Body(null), ct);
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var getText = await client.GetStringAsync("/api/admin/v1/alerts/channels", ct);

        Assert.DoesNotContain(Token, getText);
        using var json = JsonDocument.Parse(getText);
        var channels = json.RootElement.GetProperty("channels");
        var zns = channels.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "zns");
        Assert.True(zns.GetProperty("secrets").GetProperty("accessToken").GetProperty("set").GetBoolean());
        Assert.True(zns.GetProperty("on").GetBoolean());
        var hook = channels.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "ops-webhook");
        Assert.False(hook.GetProperty("on").GetBoolean());
        Assert.Equal("no signing secret", hook.GetProperty("offReason").GetString());
        Assert.Equal(Token, (await app.Services.GetRequiredService<ChannelStore>().LoadAsync(ct)).Single(c => c.Id == "zns").Secret("accessToken"));
        var audit = await app.Services.GetRequiredService<AdminStore>().ListAuditAsync(20, ChannelStore.Setting, ct);
        Assert.All(audit, a => Assert.DoesNotContain(Token, a.Details));

        // "" clears it: the channel says it is off.
        using var clear = await client.PutAsJsonAsync("/api/admin/v1/alerts/channels", Body(new { accessToken = "" }), ct);
        var cleared = await clear.Content.ReadFromJsonAsync<JsonElement>(ct);
        var offZns = cleared.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "zns");
        Assert.Equal("no access token", offZns.GetProperty("offReason").GetString());
    }

    [Fact]
    public async Task Put_BadChannel_IsRefusedNamingTheField()
    {
        var body = new { channels = new object[] { new { id = "Bad Id", kind = "pager" }, new { id = "x", kind = "http", preset = "telegram", url = "ftp://x" } } };

        using var put = await app.CreateAdmin("quan-tri").PutAsJsonAsync("/api/admin/v1/alerts/channels", body, TestContext.Current.CancellationToken);
        var problem = await put.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("channels[0].id", out _));
        Assert.True(errors.TryGetProperty("channels[0].kind", out _));
        Assert.True(errors.TryGetProperty("channels[1].preset", out _));
        Assert.True(errors.TryGetProperty("channels[1].url", out _));
    }

    [Fact]
    public async Task Get_WithoutTheAdminKey_IsRefused()
    {
        using var get = await app.CreateClient().GetAsync("/api/admin/v1/alerts/channels", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
    }
}
