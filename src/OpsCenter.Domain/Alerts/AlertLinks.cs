using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OpsCenter.Domain.Alerts;

/// <summary>What a signed acknowledgement link stands for: one recipient may acknowledge one alert until it expires.</summary>
public sealed record AlertLinkClaims(string AlertKey, string Recipient, DateTimeOffset Expires);

/// <summary>
/// Signs and checks the tokens of the acknowledgement links in alert e-mails:
/// <c>base64url(json) "." base64url(HMAC-SHA256(key, json))</c>. The collector signs (it writes the
/// mail), the collector checks when the Wall's confirmation page posts the token back. The key is
/// configuration (<c>Alerts:LinkKey</c>, at least 32 bytes of randomness); changing it expires every
/// link sent.
/// </summary>
public static class AlertLinks
{
    private const int MaxTokenLength = 2048;

    public static string Sign(AlertLinkClaims claims, string key)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var json = JsonSerializer.SerializeToUtf8Bytes(new Payload(claims.AlertKey, claims.Recipient, claims.Expires.ToUnixTimeSeconds()));
        return Base64Url.EncodeToString(json) + "." + Base64Url.EncodeToString(Mac(json, key));
    }

    /// <summary>The claims when the token is well formed, signed with <paramref name="key"/> and not expired at <paramref name="now"/>; else null and why.</summary>
    public static AlertLinkClaims? Verify(string? token, string key, DateTimeOffset now, out string? reason)
    {
        reason = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || token.Split('.') is not [var body, var mac])
        {
            reason = "malformed";
            return null;
        }
        byte[] json, presented;
        try
        {
            json = Base64Url.DecodeFromChars(body);
            presented = Base64Url.DecodeFromChars(mac);
        }
        catch (FormatException)
        {
            reason = "malformed";
            return null;
        }
        if (!CryptographicOperations.FixedTimeEquals(presented, Mac(json, key)))
        {
            reason = "signature";
            return null;
        }
        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(json);
        }
        catch (JsonException)
        {
            payload = null;
        }
        if (payload is null || string.IsNullOrEmpty(payload.K) || string.IsNullOrEmpty(payload.R))
        {
            reason = "malformed";
            return null;
        }
        var expires = DateTimeOffset.FromUnixTimeSeconds(payload.E);
        if (now >= expires)
        {
            reason = "expired";
            return null;
        }
        return new AlertLinkClaims(payload.K, payload.R, expires);
    }

    private static byte[] Mac(byte[] json, string key) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), json);

    private sealed record Payload(string K, string R, long E);
}
