using System.Net;
using System.Text.Json;

namespace OpsCenter.Collector.Alerts.Channels;

/// <summary>
/// A provider's request shape and how its answer is read. <see cref="Body"/> may use the channel's
/// settings (the ZNS template's parameters); a channel's own URL overrides <see cref="Url"/> (a test
/// receiver, a provider's other region).
/// </summary>
public sealed record ChannelPreset(
    string Name,
    string Url,
    string Method,
    IReadOnlyDictionary<string, string> Headers,
    Func<ChannelConfig, string> Body,
    string ContentType,
    Func<HttpStatusCode, string, int, SendResult> Judge,
    string Documentation);

/// <summary>
/// The presets (docs/CHANNELS.md gives each request field by field, with the provider's documentation):
/// Zalo ZNS template messages, Zalo Official Account text messages, and eSMS.vn brandname SMS.
/// </summary>
public static class ChannelPresets
{
    public const string ZaloZns = "zalo-zns";
    public const string ZaloOa = "zalo-oa";
    public const string Esms = "esms";

    /// <summary>ZNS template parameters when the channel sets no <c>templateData</c>; they must match the template registered at Zalo.</summary>
    public const string DefaultZnsTemplateData = """{"alert_key":"{{alertKey}}","severity":"{{severity}}","content":"{{text}}","link":"{{link}}"}""";

    private static readonly Dictionary<string, ChannelPreset> All = new(StringComparer.Ordinal)
    {
        [ZaloZns] = new(ZaloZns, "https://business.openapi.zalo.me/message/template", "POST",
            new Dictionary<string, string> { ["access_token"] = "{{secret:accessToken}}" },
            config => $$$"""{"phone":"{{phone}}","template_id":"{{setting:templateId}}","template_data":{{{config.Setting("templateData") ?? DefaultZnsTemplateData}}},"tracking_id":"{{trackingId}}"}""",
            "application/json", JudgeZalo,
            "https://developers.zalo.me/docs/zalo-notification-service/gui-tin-zns/gui-zns"),
        [ZaloOa] = new(ZaloOa, "https://openapi.zalo.me/v3.0/oa/message/cs", "POST",
            new Dictionary<string, string> { ["access_token"] = "{{secret:accessToken}}" },
            _ => """{"recipient":{"user_id":"{{zaloUserId}}"},"message":{"text":"{{subject}}\n{{text}}\n{{link}}"}}""",
            "application/json", JudgeZalo,
            "https://developers.zalo.me/docs/official-account/tin-nhan/tin-tu-van/gui-tin-tu-van-dang-van-ban"),
        [Esms] = new(Esms, "https://rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/", "POST",
            new Dictionary<string, string>(),
            _ => """{"ApiKey":"{{secret:apiKey}}","SecretKey":"{{secret:secretKey}}","Phone":"{{phoneLocal}}","Content":"{{textAscii}}","Brandname":"{{setting:brandname}}","SmsType":"2","IsUnicode":"0","RequestId":"{{trackingId}}"}""",
            "application/json", JudgeEsms,
            "https://developers.esms.vn/esms-api/ham-gui-tin/tin-nhan-sms-otp-cskh"),
    };

    public static IReadOnlyCollection<string> Names => All.Keys;

    public static ChannelPreset? Find(string? name) => name is not null && All.TryGetValue(name, out var preset) ? preset : null;

    /// <summary>
    /// Zalo's Open API answers HTTP 200 with <c>{"error": 0, "message": "Success", "data": {...}}</c>;
    /// any other <c>error</c> is a refusal (bad token, template, phone, quota), not to be retried as is.
    /// </summary>
    public static SendResult JudgeZalo(HttpStatusCode status, string body, int attempts)
    {
        if (!IsSuccess(status))
        {
            return Status(status, attempts);
        }
        if (Read(body) is not { } root || !root.TryGetProperty("error", out var error) || !error.TryGetInt32(out var code))
        {
            return SendResult.Transient("Zalo answered without an error code", attempts);
        }
        return code == 0
            ? SendResult.Sent(attempts)
            : SendResult.Permanent($"Zalo error {code}: {Text(root, "message")}", attempts);
    }

    /// <summary>
    /// eSMS answers HTTP 200 with <c>{"CodeResult": "100", "SMSID": "..."}</c> when accepted; <c>124</c>
    /// (a request id already sent, this channel's delivery id) means a previous attempt got through;
    /// <c>99</c> is its unknown error (tried again); any other code is a refusal.
    /// </summary>
    public static SendResult JudgeEsms(HttpStatusCode status, string body, int attempts)
    {
        if (!IsSuccess(status))
        {
            return Status(status, attempts);
        }
        var code = Read(body) is { } root ? Text(root, "CodeResult") : null;
        return code switch
        {
            "100" or "124" => SendResult.Sent(attempts),
            null or "99" => SendResult.Transient($"eSMS {code ?? "answer unreadable"}: {(Read(body) is { } r ? Text(r, "ErrorMessage") : body)}", attempts),
            _ => SendResult.Permanent($"eSMS {code}: {Text(Read(body)!.Value, "ErrorMessage")}", attempts),
        };
    }

    /// <summary>A custom request: the HTTP status alone.</summary>
    public static SendResult JudgeStatus(HttpStatusCode status, string body, int attempts) =>
        IsSuccess(status) ? SendResult.Sent(attempts) : Status(status, attempts);

    private static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;

    private static SendResult Status(HttpStatusCode status, int attempts)
    {
        using var response = new HttpResponseMessage(status);
        return ChannelHttp.Judge(response, attempts);
    }

    private static JsonElement? Read(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString() : null;
}
