using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpsCenter.Collector.Alerts.Channels;

/// <summary>How a placeholder's value is written where it stands.</summary>
public enum TemplateEscape
{
    /// <summary>Inside a JSON string: JSON-escaped, without the quotes (Vietnamese letters kept as they are).</summary>
    Json,

    /// <summary>In a URL or a form body: percent-encoded.</summary>
    Url,

    /// <summary>In a header: as it is (a value holding a line break is refused).</summary>
    Header,
}

/// <summary>
/// <c>{{name}}</c> placeholders in a channel's URL, headers and body. Names: the message's <c>alertKey</c>,
/// <c>kind</c>, <c>event</c>, <c>severity</c>, <c>subject</c>, <c>text</c>, <c>textEn</c>, <c>textAscii</c>
/// (without diacritics, for SMS), <c>link</c>, <c>units</c>, <c>occurredAt</c>, <c>trackingId</c> (the
/// delivery id); the recipient's <c>username</c>, <c>email</c>, <c>phone</c> (84xxxxxxxxx), <c>phoneLocal</c>
/// (0xxxxxxxxx), <c>zaloUserId</c>; and the channel's <c>setting:NAME</c> and <c>secret:NAME</c>.
/// </summary>
public static partial class ChannelTemplate
{
    public static readonly IReadOnlySet<string> MessageFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "alertKey", "kind", "event", "severity", "subject", "text", "textEn", "textAscii", "link", "units", "occurredAt", "trackingId",
    };

    public static readonly IReadOnlySet<string> RecipientFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "username", "email", "phone", "phoneLocal", "zaloUserId",
    };

    private static readonly JavaScriptEncoder JsonText = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.:-]+)\s*\}\}")]
    private static partial Regex Placeholder();

    public static IEnumerable<string> NamesIn(string? template) =>
        template is null ? [] : Placeholder().Matches(template).Select(m => m.Groups[1].Value);

    /// <summary>Writes <paramref name="template"/> with each placeholder's value from <paramref name="resolve"/>; a null value is written empty.</summary>
    public static string Render(string template, Func<string, string?> resolve, TemplateEscape escape)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(resolve);
        return Placeholder().Replace(template, match =>
        {
            var value = resolve(match.Groups[1].Value) ?? "";
            return escape switch
            {
                TemplateEscape.Json => JsonEncodedText.Encode(value, JsonText).ToString(),
                TemplateEscape.Url => Uri.EscapeDataString(value),
                _ when value.AsSpan().IndexOfAny('\r', '\n') >= 0 => throw new FormatException($"{{{{{match.Groups[1].Value}}}}} holds a line break; it cannot go in a header"),
                _ => value,
            };
        });
    }

    /// <summary>The value of a message or recipient field; null when the field is unknown or empty.</summary>
    public static string? Field(string name, NotificationMessage message, ChannelRecipient recipient) => name switch
    {
        "alertKey" => message.AlertKey,
        "kind" => message.Kind,
        "event" => WebhookPayload.EventOf(message.Kind),
        "severity" => message.Severity,
        "subject" => message.Subject,
        "text" => message.Text,
        "textEn" => message.TextEn,
        "textAscii" => Ascii(message.Text),
        "link" => message.Link,
        "units" => string.Join(',', message.Units),
        "occurredAt" => message.OccurredAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        "trackingId" => message.DeliveryId,
        "username" => recipient.Username,
        "email" => recipient.Email,
        "phone" => PhoneInternational(recipient.Phone),
        "phoneLocal" => PhoneLocal(recipient.Phone),
        "zaloUserId" => recipient.ZaloUserId,
        _ => null,
    };

    /// <summary>A Vietnamese number as Zalo wants it: <c>84</c> and the number without its leading 0 or <c>+</c> (<c>0912 345 678</c> → <c>84912345678</c>).</summary>
    public static string? PhoneInternational(string? phone)
    {
        var digits = Digits(phone);
        return digits switch
        {
            null => null,
            _ when digits.StartsWith("84", StringComparison.Ordinal) && digits.Length >= 11 => digits,
            _ when digits.StartsWith('0') => "84" + digits[1..],
            _ => digits,
        };
    }

    /// <summary>The same number written the domestic way: <c>0912345678</c>.</summary>
    public static string? PhoneLocal(string? phone) =>
        PhoneInternational(phone) is { } international && international.StartsWith("84", StringComparison.Ordinal) ? "0" + international[2..] : Digits(phone);

    /// <summary>Vietnamese without diacritics (<c>Hộ tịch ngừng</c> → <c>Ho tich ngung</c>): brandname SMS are often sent unaccented.</summary>
    public static string Ascii(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            builder.Append(c switch { 'đ' => 'd', 'Đ' => 'D', _ => c });
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    private static string? Digits(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }
        var digits = new string([.. phone.Where(char.IsAsciiDigit)]);
        return digits.Length == 0 ? null : digits;
    }
}
