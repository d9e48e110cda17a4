using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;

namespace OpsCenter.Wall.Access;

/// <summary>
/// What the Wall's per-client limits share: the client's key (its address as the gateway forwarded
/// it; an IPv6 client counts by its /64, which one household or office holds) and a token bucket per key.
/// </summary>
internal static class ClientBuckets
{
    /// <summary>A bucket of <paramref name="burst"/> per client, one more per <paramref name="refillEvery"/>, no queue.</summary>
    public static RateLimitPartition<string> Partition(HttpContext httpContext, int burst, TimeSpan refillEvery)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return RateLimitPartition.GetTokenBucketLimiter(ClientKey(httpContext.Connection.RemoteIpAddress), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = refillEvery,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    public static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }
        return address.ToString();
    }
}
