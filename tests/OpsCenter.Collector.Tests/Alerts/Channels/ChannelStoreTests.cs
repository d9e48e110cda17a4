using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsCenter.Collector.Alerts.Channels;
using OpsCenter.Storage.Admin;

namespace OpsCenter.Collector.Tests.Alerts.Channels;

/// <summary>The channel store in the collector (SQLite, Data Protection's key ring in the data folder).</summary>
public sealed class ChannelStoreTests(CollectorApp app) : IClassFixture<CollectorApp>
{
    private const string Token = "zalo-token-PLAINTEXT-0001";
    private const string HookSecret = "hook-secret-PLAINTEXT-0002";

    private static ChannelConfig[] Channels(string token = Token) =>
    [
        new()
        {
            Id = "zns", Kind = ChannelKinds.Http, Preset = ChannelPresets.ZaloZns,
            Settings = new Dictionary<string, string> { ["templateId"] = "231456" },
            Secrets = new Dictionary<string, string> { ["accessToken"] = token },
        },
        new()
        {
            Id = "ops-webhook", Kind = ChannelKinds.Webhook, Url = "https://hooks.hcmc.test/opscenter",
            Secrets = new Dictionary<string, string> { ["secret"] = HookSecret },
        },
        new() { Id = "sms", Kind = ChannelKinds.Http, Preset = ChannelPresets.Esms, Settings = new Dictionary<string, string> { ["brandname"] = "UBND-HCM" } },
    ];

    [Fact]
    public async Task SaveAsync_Secrets_AreStoredEncryptedAndReadBack()
    {
        var store = app.Services.GetRequiredService<ChannelStore>();
        var admin = app.Services.GetRequiredService<AdminStore>();

        await store.SaveAsync(Channels(), "admin:chan", TestContext.Current.CancellationToken);
        var loaded = await store.LoadAsync(TestContext.Current.CancellationToken);

        var stored = await admin.GetSettingAsync(ChannelStore.Setting, TestContext.Current.CancellationToken);
        Assert.NotNull(stored);
        Assert.DoesNotContain(Token, stored);
        Assert.DoesNotContain(HookSecret, stored);
        using (var json = JsonDocument.Parse(stored))
        {
            var cipher = json.RootElement.GetProperty("channels")[0].GetProperty("secrets").GetProperty("accessToken").GetString();
            Assert.StartsWith("CfDJ8", cipher);
        }
        Assert.Equal(Token, loaded.Single(c => c.Id == "zns").Secret("accessToken"));
        Assert.Equal(HookSecret, loaded.Single(c => c.Id == "ops-webhook").Secret("secret"));
        Assert.Equal("231456", loaded.Single(c => c.Id == "zns").Setting("templateId"));
        Assert.NotEmpty(Directory.GetFiles(ChannelServiceExtensions.KeysPath(app.Services.GetRequiredService<IConfiguration>()), "key-*.xml"));

        var audit = await admin.ListAuditAsync(10, ChannelStore.Setting, TestContext.Current.CancellationToken);
        var entry = audit.First(a => a.Action == "alert-channels.saved");
        Assert.DoesNotContain(Token, entry.Details);
        Assert.DoesNotContain(HookSecret, entry.Details);
        Assert.DoesNotContain("CfDJ8", entry.Details);
        Assert.Contains("accessToken", entry.Details);
    }

    [Fact]
    public async Task LoadAsync_AnotherKeyRing_LeavesTheSecretOutAndTheChannelSaysWhy()
    {
        var store = app.Services.GetRequiredService<ChannelStore>();
        await store.SaveAsync(Channels(), "admin:chan", TestContext.Current.CancellationToken);
        var otherRing = new ChannelStore(app.Services.GetRequiredService<AdminStore>(), new EphemeralDataProtectionProvider());

        var zns = (await otherRing.LoadAsync(TestContext.Current.CancellationToken)).Single(c => c.Id == "zns");
        var channel = app.Services.GetRequiredService<NotificationChannels>().Create(zns);

        Assert.Null(zns.Secret("accessToken"));
        Assert.False(channel.State.On);
        Assert.StartsWith("the access token cannot be decrypted", channel.State.Reason);
        Assert.Equal(new SecretInfo(false, Unreadable: true), ChannelInfo.From(zns, channel.State).Secrets["accessToken"]);
    }

    [Fact]
    public async Task Info_NeverCarriesASecret_AndSaysWhyAChannelIsOff()
    {
        var store = app.Services.GetRequiredService<ChannelStore>();
        var factory = app.Services.GetRequiredService<NotificationChannels>();
        await store.SaveAsync(Channels(), "admin:chan", TestContext.Current.CancellationToken);

        var infos = (await store.LoadAsync(TestContext.Current.CancellationToken)).Select(c => ChannelInfo.From(c, factory.Create(c).State)).ToArray();
        var answer = JsonSerializer.Serialize(infos, JsonSerializerOptions.Web);

        Assert.DoesNotContain(Token, answer);
        Assert.DoesNotContain(HookSecret, answer);
        Assert.DoesNotContain("CfDJ8", answer);
        Assert.Contains("\"accessToken\":{\"set\":true,\"unreadable\":false}", answer);
        var sms = infos.Single(i => i.Id == "sms");
        Assert.False(sms.On);
        Assert.Equal("no API key", sms.OffReason);
        Assert.True(infos.Single(i => i.Id == "zns").On);
    }

    [Fact]
    public void MergeSecrets_LeftOutKeeps_EmptyClears_ValueReplaces()
    {
        var stored = Channels()[0] with { Secrets = new Dictionary<string, string> { ["accessToken"] = "old", ["refreshToken"] = "r" } };

        var merged = ChannelInfo.MergeSecrets(stored, new Dictionary<string, string?> { ["refreshToken"] = "", ["appSecret"] = "new", ["accessToken"] = null });

        Assert.Equal(new Dictionary<string, string> { ["accessToken"] = "old", ["appSecret"] = "new" }, merged);
    }
}
