using System.Diagnostics;
using System.Net.Http.Headers;
using OpsCenter.Contracts.Ingest;

namespace OpsCenter.Benchmarks;

internal sealed record LoadResult(double ItemsPerSecond, double RequestsPerSecond, double P50Ms, double P99Ms, int Errors, string? FirstError);

/// <summary>
/// C connections, each posting batches back to back with a fresh Idempotency-Key per request.
/// Requests that complete inside the measured window count; the warm-up before it does not.
/// </summary>
internal static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(
        Uri url, string apiKey, IReadOnlyList<byte[]> bodies, int connections, TimeSpan warmup, TimeSpan measured)
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseProxy = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        { Timeout = TimeSpan.FromSeconds(60) };

        var start = Stopwatch.GetTimestamp();
        var windowStart = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var windowEnd = windowStart + (long)(measured.TotalSeconds * Stopwatch.Frequency);
        var run = Guid.NewGuid().ToString("N")[..8];
        var workers = Enumerable.Range(0, connections)
            .Select(w => Task.Run(() => WorkAsync(client, url, apiKey, bodies, $"{run}-{w}", windowStart, windowEnd)))
            .ToArray();
        var results = await Task.WhenAll(workers);

        var latencies = results.SelectMany(r => r.Latencies).Order().ToArray();
        var requests = latencies.Length;
        var seconds = measured.TotalSeconds;
        return new LoadResult(
            requests * IngestKind.BatchSize / seconds,
            requests / seconds,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            results.Sum(r => r.Errors),
            results.Select(r => r.FirstError).FirstOrDefault(e => e is not null));
    }

    private static async Task<WorkerResult> WorkAsync(
        HttpClient client, Uri url, string apiKey, IReadOnlyList<byte[]> bodies, string prefix, long windowStart, long windowEnd)
    {
        var result = new WorkerResult();
        for (var n = 0; Stopwatch.GetTimestamp() < windowEnd; n++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new ByteArrayContent(bodies[n % bodies.Count]),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add(IngestHeaders.ApiKey, apiKey);
            request.Headers.Add(IngestHeaders.IdempotencyKey, $"{prefix}-{n}");

            var sent = Stopwatch.GetTimestamp();
            bool ok;
            string? error = null;
            try
            {
                using var response = await client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                ok = response.IsSuccessStatusCode;
                error = ok ? null : $"{(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}";
            }
            catch (HttpRequestException e)
            {
                ok = false;
                error = e.Message;
            }
            var done = Stopwatch.GetTimestamp();
            if (done < windowStart || done > windowEnd)
            {
                continue;
            }
            if (ok)
            {
                result.Latencies.Add(Stopwatch.GetElapsedTime(sent, done).TotalMilliseconds);
            }
            else
            {
                result.Errors++;
                result.FirstError ??= error;
            }
        }
        return result;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private sealed class WorkerResult
    {
        public List<double> Latencies { get; } = [];

        public int Errors { get; set; }

        public string? FirstError { get; set; }
    }
}
