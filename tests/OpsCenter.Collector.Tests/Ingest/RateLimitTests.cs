using System.Net;
using Microsoft.AspNetCore.Hosting;
using static OpsCenter.Collector.Tests.IngestClient;

namespace OpsCenter.Collector.Tests.Ingest;

/// <summary>A collector whose sources may send two batches at once and one per second after that.</summary>
public sealed class TightlyLimitedCollectorApp : CollectorApp
{
    protected override void Configure(IWebHostBuilder builder) => Limit(builder);

    public static void Limit(IWebHostBuilder builder)
    {
        builder.UseSetting("Collector:RateLimit:RequestsPerSecond", "1");
        builder.UseSetting("Collector:RateLimit:Burst", "2");
    }
}

/// <summary>The same, over PostgreSQL.</summary>
public sealed class TightlyLimitedPostgresCollectorApp : PostgresCollectorApp
{
    protected override void Configure(IWebHostBuilder builder)
    {
        base.Configure(builder);
        TightlyLimitedCollectorApp.Limit(builder);
    }
}

public abstract class RateLimitTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : CollectorApp
{
    private static string Sample() =>
        $$"""{ "unit": "{{CollectorApp.WardUnit}}", "system": "accounting", "status": "up", "checkedAt": "{{Iso(DateTimeOffset.UtcNow)}}" }""";

    [Fact]
    public async Task Post_FasterThanTheLimit_Is429WithRetryAfter_AndOtherSourcesAreUnaffected()
    {
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 4; i++)
        {
            var response = await app.PostAsync("/api/ingest/v1/health", Batch(Sample()), CollectorApp.WardKey);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.NotNull(refused);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        await refused.ProblemAsync();

        using var other = await app.PostAsync("/api/ingest/v1/health", Batch(Sample()), CollectorApp.CityKey);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}

public sealed class RateLimitTestsOnSqlite(TightlyLimitedCollectorApp app) : RateLimitTests<TightlyLimitedCollectorApp>(app);

public sealed class RateLimitTestsOnPostgres(TightlyLimitedPostgresCollectorApp app) : RateLimitTests<TightlyLimitedPostgresCollectorApp>(app);
