using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace OpsCenter.Wall.Access;

/// <summary>How many sign-ins one client address may try (<c>Access:SignIn</c>).</summary>
public sealed class SignInLimitOptions
{
    public const string Section = "Access:SignIn";

    /// <summary>At once: an office behind one address signing in at the start of the day.</summary>
    [Range(1, 10_000)]
    public int Burst { get; set; } = 30;

    /// <summary>Then one more per this interval.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RefillEvery { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// A token bucket per client address for <c>POST /account/signin</c>, whatever the account: the
/// collector slows guesses per account and address, this stops one address from trying many
/// accounts. The address is the browser's as the gateway forwarded it (IPv6 by its /64). Beyond it:
/// 429 with Retry-After, the same for every account, so it tells nothing about any.
/// </summary>
public sealed class SignInRateLimitPolicy(IOptionsMonitor<SignInLimitOptions> options) : IRateLimiterPolicy<string>
{
    public const string Name = "sign-in";

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        ClientBuckets.Partition(httpContext, options.CurrentValue.Burst, options.CurrentValue.RefillEvery);

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, cancellationToken) =>
    {
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : options.CurrentValue.RefillEvery;
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds;
        response.Headers.CacheControl = "no-store";
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(
            $"""
            <!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>OpsCenter</title></head>
            <body style="font-family:sans-serif;font-size:1.3rem;margin:3rem">
            <p>Quá nhiều lần đăng nhập từ địa chỉ này. Vui lòng thử lại sau {seconds} giây.</p>
            <p lang="en">Too many sign-ins from this address. Please try again in {seconds} seconds.</p>
            <p><a href="/signin">Đăng nhập · Sign in</a></p></body></html>
            """, cancellationToken);
    };
}
