using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using OpsCenter.Collector.Ingest;

namespace OpsCenter.Collector.Sources;

public sealed class SourceRateLimitOptions
{
    public const string Section = "Collector:RateLimit";

    /// <summary>Requests (batches) per second each source may send on average.</summary>
    [Range(1, 100_000)]
    public int RequestsPerSecond { get; set; } = 50;

    /// <summary>How many requests a source may send at once after a quiet spell.</summary>
    [Range(1, 100_000)]
    public int Burst { get; set; } = 100;
}

/// <summary>
/// One token bucket per source, so that one misbehaving source is slowed down (429 with
/// Retry-After) without touching the others.
/// </summary>
internal static class SourceRateLimiting
{
    public static IServiceCollection AddSourceRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<SourceRateLimitOptions>().BindConfiguration(SourceRateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(IngestPolicies.Source, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptionsMonitor<SourceRateLimitOptions>>().CurrentValue;
                var source = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";
                return RateLimitPartition.GetTokenBucketLimiter(source, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = options.RequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests from this source",
                    detail: $"Send fewer, larger batches; retry the same batch (same Idempotency-Key) after {seconds} s.")
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }
}
