using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OpsCenter.Collector.Alerts.Channels;

namespace OpsCenter.Collector.Tests.Alerts.Channels;

/// <summary>
/// Each preset's request, field by field, against the provider's documented shape (docs/CHANNELS.md),
/// with the preset's URL pointed at a local receiver, and its answers read as the provider documents them.
/// </summary>
public sealed class PresetChannelTests
{
    private const string Token = "zalo-oa-access-token-test";

    private static HttpTemplateChannel Zns(string url, string? token = Token, string? templateData = null) => new(new ChannelConfig
    {
        Id = "zns",
        Kind = ChannelKinds.Http,
        Preset = ChannelPresets.ZaloZns,
        Url = url,
        Settings = templateData is null
            ? new Dictionary<string, string> { ["templateId"] = "231456" }
            : new Dictionary<string, string> { ["templateId"] = "231456", ["templateData"] = templateData },
        Secrets = token is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["accessToken"] = token },
    }, ChannelTestData.LocalHttp());

    private static HttpTemplateChannel Oa(string url) => new(new ChannelConfig
    {
        Id = "zalo-oa",
        Kind = ChannelKinds.Http,
        Preset = ChannelPresets.ZaloOa,
        Url = url,
        Secrets = new Dictionary<string, string> { ["accessToken"] = Token },
    }, ChannelTestData.LocalHttp());

    private static HttpTemplateChannel Esms(string url, string? brandname = "UBND-HCM") => new(new ChannelConfig
    {
        Id = "sms",
        Kind = ChannelKinds.Http,
        Preset = ChannelPresets.Esms,
        Url = url,
        Settings = brandname is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["brandname"] = brandname },
        Secrets = new Dictionary<string, string> { ["apiKey"] = "esms-api-key", ["secretKey"] = "esms-secret-key" },
    }, ChannelTestData.LocalHttp());

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public async Task Zns_Request_HasTheDocumentedShape()
    {
        await using var receiver = await LocalReceiver.StartAsync(() => Results.Json(new { error = 0, message = "Success", data = new { msg_id = "a1b2", sent_time = "1764746460000" } }));
        var message = ChannelTestData.Message();

        var result = await Zns(receiver.Url + "/message/template").SendAsync(message, ChannelTestData.Recipient, TestContext.Current.CancellationToken);

        Assert.Equal(SendOutcome.Sent, result.Outcome);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/message/template", request.PathAndQuery);
        Assert.Equal(Token, request.Header("access_token"));
        Assert.StartsWith("application/json", request.Header("Content-Type"));
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal(["phone", "template_id", "template_data", "tracking_id"], Names(root));
        Assert.Equal("84912345678", root.GetProperty("phone").GetString());
        Assert.Equal("231456", root.GetProperty("template_id").GetString());
        Assert.Equal(message.DeliveryId, root.GetProperty("tracking_id").GetString());
        var data = root.GetProperty("template_data");
        Assert.Equal(["alert_key", "severity", "content", "link"], Names(data));
        Assert.Equal(message.AlertKey, data.GetProperty("alert_key").GetString());
        Assert.Equal("critical", data.GetProperty("severity").GetString());
        Assert.Equal(message.Text, data.GetProperty("content").GetString());
        Assert.Equal(message.Link, data.GetProperty("link").GetString());
    }

    [Fact]
    public async Task Zns_OwnTemplateData_FillsTheTemplatesParameters()
    {
        await using var receiver = await LocalReceiver.StartAsync(() => Results.Json(new { error = 0, message = "Success" }));

        await Zns(receiver.Url, templateData: """{"customer_name":"{{username}}","order_code":"{{alertKey}}","status":"{{subject}}"}""")
            .SendAsync(ChannelTestData.Message(), ChannelTestData.Recipient, TestContext.Current.CancellationToken);

        using var json = JsonDocument.Parse(Assert.Single(receiver.Requests).Body);
        var data = json.RootElement.GetProperty("template_data");
        Assert.Equal(["customer_name", "order_code", "status"], Names(data));
        Assert.Equal("nguyen.van.an", data.GetProperty("customer_name").GetString());
        Assert.Equal("[Nghiêm trọng / Critical] Hộ tịch ngừng hoạt động", data.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(-124, "Access token is invalid")]
    [InlineData(-108, "Phone number is invalid")]
    public async Task Zns_ErrorCodeInA200Answer_IsAPermanentFailure(int code, string text)
    {
        await using var receiver = await LocalReceiver.StartAsync(() => Results.Json(new { error = code, message = text }));

        var result = await Zns(receiver.Url).SendAsync(ChannelTestData.Message(), ChannelTestData.Recipient, TestContext.Current.CancellationToken);

        Assert.Equal(SendOutcome.Permanent, result.Outcome);
        Assert.Equal($"Zalo error {code}: {text}", result.Reason);
    }

    [Fact]
    public async Task Zns_ServerError_IsTransient()
    {
        await using var receiver = await LocalReceiver.StartAsync(() => Results.StatusCode(502));

        var result = await Zns(receiver.Url).SendAsync(ChannelTestData.Message(), ChannelTestData.Recipient, TestContext.Current.CancellationToken);

        Assert.Equal(SendOutcome.Transient, result.Outcome);
    }

    [Fact]
    public async Task Zns_NoAccessToken_IsOffAndSendsNothing()
    {
        await using var receiver = await LocalReceiver.StartAsync(() => Results.Ok());
        var channel = Zns(receiver.Url, token: null);

        var result = await channel.SendAsync(ChannelTestData.Message(), ChannelTestData.Recipient, TestContext.Current.CancellationToken);

        Assert.Equal(ChannelState.Off("no access token"), channel.State);
        Assert.Equal(SendOutcome.Permanent, result.Outcome);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Zns_RecipientWithoutPhone_IsPermanentAndSendsNothing()
    {
        await using var receiver = await LocalReceiver.StartAsync(() => Results.Ok());

        var result = await Zns(receiver.Url).SendAsync(ChannelTestData.Message(), ChannelTestData.Recipient with { Phone = null }, TestContext.Current.CancellationToken);

        Assert.Equal(SendOutcome.Permanent, result.Outcome);
        Assert.Contains("has no phone", result.Reason);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Oa_Request_HasTheDocumentedShape()
    {
        await using var receiver = await LocalReceiver.StartAsync(() => Results.Json(new { data = new { message_id = "m1", user_id = "2468458835296117922" }, error = 0, message = "Success" }));
        var message = ChannelTestData.Message();

        var result = await Oa(receiver.Url + "/v3.0/oa/message/cs").SendAsync(message, ChannelTestData.Recipient, TestContext.Current.CancellationToken);

        Assert.Equal(SendOutcome.Sent, result.Outcome);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v3.0/oa/message/cs", request.PathAndQuery);
        Assert.Equal(Token, request.Header("access_token"));
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal(["recipient", "message"], Names(root));
        Assert.Equal(["user_id"], Names(root.GetProperty("recipient")));
        Assert.Equal("2468458835296117922", root.GetProperty("recipient").GetProperty("user_id").GetString());
        Assert.Equal(["text"], Names(root.GetProperty("message")));
        Assert.Equal($"{message.Subject}\n{message.Text}\n{message.Link}", root.GetProperty("message").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Oa_ErrorCodeInA200Answer_IsAPermanentFailure()
    {
        await using var receiver = await LocalReceiver.StartAsync(() => Results.Json(new { error = -213, message = "User has not followed OA" }));

        var result = await Oa(receiver.Url).SendAsync(ChannelTestData.Message(), ChannelTestData.Recipient, TestContext.Current.CancellationToken);

        Assert.Equal(SendOutcome.Permanent, result.Outcome);
        Assert.Contains("-213", result.Reason);
    }

    [Fact]
    public async Task Esms_Request_HasTheDocumentedShape()
    {
        await using var receiver = await LocalReceiver.StartAsync(() => Results.Text("""{"CodeResult":"100","CountRegenerate":0,"SMSID":"d533459ee42b2b9525ba9eabf6a8156"}""", "application/json"));
        var message = ChannelTestData.Message();

        var result = await Esms(receiver.Url + "/MainService.svc/json/SendMultipleMessage_V4_post_json/").SendAsync(message, ChannelTestData.Recipient, TestContext.Current.CancellationToken);

        Assert.Equal(SendOutcome.Sent, result.Outcome);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/MainService.svc/json/SendMultipleMessage_V4_post_json/", request.PathAndQuery);
        Assert.StartsWith("application/json", request.Header("Content-Type"));
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal(["ApiKey", "SecretKey", "Phone", "Content", "Brandname", "SmsType", "IsUnicode", "RequestId"], Names(root));
        Assert.All(root.EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));
        Assert.Equal("esms-api-key", root.GetProperty("ApiKey").GetString());
        Assert.Equal("esms-secret-key", root.GetProperty("SecretKey").GetString());
        Assert.Equal("0912345678", root.GetProperty("Phone").GetString());
        Assert.Equal("He thong \"Ho tich\" ngung hoat dong tai 2 don vi\nPhuong Sai Gon, Phuong Ben Thanh", root.GetProperty("Content").GetString());
        Assert.Equal("UBND-HCM", root.GetProperty("Brandname").GetString());
        Assert.Equal("2", root.GetProperty("SmsType").GetString());
        Assert.Equal("0", root.GetProperty("IsUnicode").GetString());
        Assert.Equal(message.DeliveryId, root.GetProperty("RequestId").GetString());
    }

    [Theory]
    [InlineData("100", SendOutcome.Sent)]
    [InlineData("124", SendOutcome.Sent)]
    [InlineData("99", SendOutcome.Transient)]
    [InlineData("101", SendOutcome.Permanent)]
    [InlineData("104", SendOutcome.Permanent)]
    [InlineData("146", SendOutcome.Permanent)]
    public async Task Esms_CodeResult_IsReadAsDocumented(string code, SendOutcome outcome)
    {
        await using var receiver = await LocalReceiver.StartAsync(() => Results.Text($$"""{"CodeResult":"{{code}}","CountRegenerate":0,"ErrorMessage":"from the gateway"}""", "application/json"));

        var result = await Esms(receiver.Url).SendAsync(ChannelTestData.Message(), ChannelTestData.Recipient, TestContext.Current.CancellationToken);

        Assert.Equal(outcome, result.Outcome);
        if (outcome == SendOutcome.Permanent)
        {
            Assert.Equal($"eSMS {code}: from the gateway", result.Reason);
        }
    }

    [Fact]
    public void Esms_NoBrandname_IsOff()
    {
        Assert.Equal(ChannelState.Off("no brandname"), Esms("http://127.0.0.1:9", brandname: null).State);
    }

    [Fact]
    public async Task Custom_JsonTemplate_EscapesValuesAndFillsHeadersAndQuery()
    {
        await using var receiver = await LocalReceiver.StartAsync(() => Results.Accepted());
        var channel = new HttpTemplateChannel(new ChannelConfig
        {
            Id = "gateway",
            Kind = ChannelKinds.Http,
            Url = receiver.Url + "/send?to={{phone}}&key={{alertKey}}",
            Method = "PUT",
            Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer {{secret:token}}", ["X-Unit-Count"] = "{{units}}" },
            BodyTemplate = """{"text":"{{text}}","en":"{{textEn}}","severity":"{{severity}}","link":"{{link}}","id":"{{trackingId}}"}""",
            Secrets = new Dictionary<string, string> { ["token"] = "t0k3n" },
        }, ChannelTestData.LocalHttp());
        var message = ChannelTestData.Message();

        var result = await channel.SendAsync(message, ChannelTestData.Recipient, TestContext.Current.CancellationToken);

        Assert.Equal(SendOutcome.Sent, result.Outcome);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/send?to=84912345678&key=system-down%7Ccivil-status%7C1764770400000", request.PathAndQuery);
        Assert.Equal("Bearer t0k3n", request.Header("Authorization"));
        Assert.Equal("26740,26743", request.Header("X-Unit-Count"));
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal(message.Text, json.RootElement.GetProperty("text").GetString());
        Assert.Equal(message.DeliveryId, json.RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public void Custom_UnknownPlaceholder_IsOff()
    {
        var channel = new HttpTemplateChannel(new ChannelConfig
        {
            Id = "gateway",
            Kind = ChannelKinds.Http,
            Url = "https://sms.example.vn/send",
            BodyTemplate = """{"text":"{{txet}}"}""",
        }, ChannelTestData.LocalHttp());

        Assert.Equal(ChannelState.Off("the template names an unknown field {{txet}}"), channel.State);
    }

    [Theory]
    [InlineData("0912 345 678", "84912345678", "0912345678")]
    [InlineData("+84912345678", "84912345678", "0912345678")]
    [InlineData("84912345678", "84912345678", "0912345678")]
    public void Phone_IsWrittenBothWays(string phone, string international, string local)
    {
        Assert.Equal(international, ChannelTemplate.PhoneInternational(phone));
        Assert.Equal(local, ChannelTemplate.PhoneLocal(phone));
    }
}
