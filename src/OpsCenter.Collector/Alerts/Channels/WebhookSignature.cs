using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OpsCenter.Collector.Alerts.Channels;

/// <summary>
/// The webhook's signature: <c>X-OpsCenter-Signature: sha256=&lt;hex HMAC-SHA256(secret, timestamp + "." + body)&gt;</c>
/// with <c>X-OpsCenter-Timestamp</c> the Unix seconds it was signed at (a receiver refuses old ones:
/// a captured delivery cannot be replayed later). Signed anew on each attempt.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-OpsCenter-Signature";
    public const string TimestampHeader = "X-OpsCenter-Timestamp";
    public const string DeliveryHeader = "X-OpsCenter-Delivery";
    public const string EventHeader = "X-OpsCenter-Event";

    public static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(timestamp);
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>What a receiver does: the signature matches (in constant time) and the timestamp is within <paramref name="tolerance"/> of now.</summary>
    public static bool Verify(string secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (timestamp is null || signature is null
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
    }
}
