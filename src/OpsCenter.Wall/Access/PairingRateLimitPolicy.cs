using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace OpsCenter.Wall.Access;

/// <summary>How many pending screens one client address may make (<c>Access:Pairing</c>).</summary>
public sealed class PairingLimitOptions
{
    public const string Section = "Access:Pairing";

    /// <summary>At once: a room of 20 screens behind one address pairs together, with room to spare.</summary>
    [Range(1, 10_000)]
    public int Burst { get; set; } = 30;

    /// <summary>Then one more per this interval.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RefillEvery { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// A token bucket per client address for <c>POST /pair</c>: each new pending screen is a row in the
/// collector, so nobody may make them without end. The address is the browser's as the gateway
/// forwarded it (an IPv6 client counts by its /64, which one household or office holds). Beyond the
/// bucket: 429 with Retry-After, and a page that asks again by itself then.
/// </summary>
public sealed class PairingRateLimitPolicy(IOptionsMonitor<PairingLimitOptions> options) : IRateLimiterPolicy<string>
{
    public const string Name = "pairing";

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        ClientBuckets.Partition(httpContext, options.CurrentValue.Burst, options.CurrentValue.RefillEvery);

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

    private async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : options.CurrentValue.RefillEvery;
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var request = context.HttpContext.Request;
        var back = request.HasFormContentType ? (await request.ReadFormAsync(cancellationToken))["returnUrl"].ToString() : null;
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(PairingPages.Busy(LocalUrls.OrDefault(back, "/"), seconds), cancellationToken);
    }
}
