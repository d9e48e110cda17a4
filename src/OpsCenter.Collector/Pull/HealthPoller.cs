using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Health;
using OpsCenter.Storage.Events;
using OpsCenter.Storage.Sources;

namespace OpsCenter.Collector.Pull;

/// <summary>
/// Polls the health URL of every source that has one, on that source's interval, with a timeout,
/// one quick retry and a circuit breaker, and records each result (status, latency, failure
/// reason) as a health sample in the log, exactly as if the source had pushed it. It follows no
/// redirect, reads at most <see cref="PullOptions.MaxResponseBytes"/> of an answer, and connects only
/// to public addresses or those <see cref="PullOptions.AllowedTargets"/> lists (<see cref="TargetGuard"/>);
/// a refused target is recorded as down with the reason. The last outcome per source stays in memory
/// for the admin API (<see cref="LastOutcomeOf"/>).
/// </summary>
internal sealed partial class HealthPoller(
    ISourceRegistry registry,
    IEventLog log,
    TimeProvider time,
    IOptionsMonitor<PullOptions> options,
    ILogger<HealthPoller> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, TargetState> _targets = new(StringComparer.Ordinal);

    private readonly HttpClient _http = CreateClient(options);

    /// <summary>The last check of a source since the collector started; null when it was not checked yet.</summary>
    public PollOutcome? LastOutcomeOf(string sourceId) => _targets.TryGetValue(sourceId, out var target) ? target.Last : null;

    // Its own client, outside the shared resilience pipeline: the poller measures latency and
    // applies its own timeout, single retry and circuit breaker. The guarded handler (TargetGuard),
    // connections renewed every minute, and an unread body is not drained: the connection is closed.
    private static HttpClient CreateClient(IOptionsMonitor<PullOptions> options)
    {
        var handler = TargetGuard.Handler(() => options.CurrentValue.AllowedTargets, TimeSpan.FromMinutes(1));
        handler.MaxResponseDrainSize = 0;
        return new(handler)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            // HTTP/3 would go over QUIC, around the connect callback.
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sources = (IReadOnlyList<Source>)[];
        var refreshedAt = DateTimeOffset.MinValue;
        using var gate = new SemaphoreSlim(options.CurrentValue.MaxConcurrentChecks);
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = time.GetUtcNow();
                if (now - refreshedAt >= options.CurrentValue.SourceRefreshInterval)
                {
                    sources = [.. (await registry.ListSourcesAsync(stoppingToken)).Where(s => s.HealthUrl is not null && s.HealthSystem is not null && s.Units is { Count: 1 })];
                    refreshedAt = now;
                }
                foreach (var source in sources)
                {
                    var target = _targets.GetOrAdd(source.Id, _ => new TargetState());
                    if (target.NextDue <= now)
                    {
                        target.NextDue = now + source.ExpectedInterval;
                        await gate.WaitAsync(stoppingToken);
                        running.Add(CheckAsync(source, target, now, stoppingToken).ContinueWith(_ => gate.Release(), TaskScheduler.Default));
                    }
                }
                running.RemoveAll(t => t.IsCompleted);
                await Task.Delay(TimeSpan.FromMilliseconds(200), time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                LogLoopFailed(e);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
        await Task.WhenAll(running);
    }

    private async Task CheckAsync(Source source, TargetState target, DateTimeOffset due, CancellationToken cancellationToken)
    {
        try
        {
            var url = source.HealthUrl!;
            var probe = TargetPolicy.CheckUrl(url, out var uri) is { } refused
                ? Probe.Refused(refused)
                : target.OpenUntil > due
                    ? new Probe(HealthStatus.Down, null, $"not checked: {target.Failures} failures in a row, retrying after {target.OpenUntil:HH:mm:ss}Z")
                    : await ProbeAsync(uri!, cancellationToken);
            // A refused target was never contacted: nothing for the circuit breaker to spare it from.
            if (target.OpenUntil <= due && probe.Refusal is null)
            {
                target.Failures = probe.Status == HealthStatus.Down ? target.Failures + 1 : 0;
                if (target.Failures >= options.CurrentValue.FailuresToOpen)
                {
                    target.OpenUntil = due + (source.ExpectedInterval * options.CurrentValue.OpenForIntervals);
                }
            }
            var detail = probe.Detail is { Length: > 200 } ? probe.Detail[..200] : probe.Detail;
            target.Last = new PollOutcome(url, probe.Status, detail, due, probe.LatencyMs, probe.Refusal);
            var sample = new HealthSample
            {
                Unit = source.Units![0],
                System = source.HealthSystem,
                Status = probe.Status,
                LatencyMs = probe.LatencyMs,
                CheckedAt = due,
                Detail = detail,
            };
            var payload = JsonSerializer.Serialize(sample, WireJson.Options);
            await log.AppendAsync(
                new AppendRequest(source.Id, $"pull-{due.UtcTicks}", SHA256.HashData(Encoding.UTF8.GetBytes(payload)),
                    [new NewEvent(DataKinds.Health, sample.Unit, due, payload)]),
                cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogCheckFailed(e, source.Id);
        }
    }

    private async Task<Probe> ProbeAsync(Uri url, CancellationToken cancellationToken)
    {
        var limit = options.CurrentValue.MaxResponseBytes;
        string? failure = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.CurrentValue.Timeout);
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var code = (int)response.StatusCode;
                if (code is >= 300 and < 400)
                {
                    return new Probe(HealthStatus.Down, Elapsed(started), Redirected(code, response.Headers.Location));
                }
                var body = await ReadAtMostAsync(response.Content, limit, timeout.Token);
                if (body is null)
                {
                    return new Probe(HealthStatus.Down, Elapsed(started), $"response larger than {limit} bytes");
                }
                var (status, detail) = HealthCheckClassifier.Classify(code, body.Length > 4096 ? body[..4096] : body);
                return new Probe(status, Elapsed(started), detail);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = $"timeout after {options.CurrentValue.Timeout.TotalSeconds:0.#} s";
            }
            catch (HttpRequestException e) when (TargetGuard.RefusalIn(e) is { } refusal)
            {
                return Probe.Refused(refusal);
            }
            catch (HttpRequestException e)
            {
                failure = e.HttpRequestError == HttpRequestError.Unknown ? "request failed" : $"unreachable: {e.HttpRequestError}";
            }
            if (attempt == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300), time, cancellationToken);
            }
        }
        return new Probe(HealthStatus.Down, null, failure);
    }

    private static int Elapsed(long started) => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    private static string Redirected(int code, Uri? location) => location?.OriginalString is { Length: > 0 } to
        ? $"redirected (HTTP {code}) to {(to.Length > 100 ? to[..100] + "…" : to)}; redirects are not followed"
        : $"redirected (HTTP {code}) without a location; redirects are not followed";

    /// <summary>The body as text, or null when it is longer than <paramref name="limit"/> bytes; never reads more than one byte past it.</summary>
    private static async Task<string?> ReadAtMostAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > limit)
        {
            return null;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken);
            var read = await stream.ReadAtLeastAsync(buffer.AsMemory(0, limit + 1), limit + 1, throwOnEndOfStream: false, cancellationToken);
            return read > limit ? null : Encoding.UTF8.GetString(buffer, 0, read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    [LoggerMessage(LogLevel.Warning, "The health poller's loop failed; retrying")]
    private partial void LogLoopFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "Recording a health check of source {Source} failed")]
    private partial void LogCheckFailed(Exception exception, string source);

    private sealed class TargetState
    {
        public DateTimeOffset NextDue { get; set; } = DateTimeOffset.MinValue;

        public int Failures { get; set; }

        public DateTimeOffset OpenUntil { get; set; } = DateTimeOffset.MinValue;

        /// <summary>Replaced whole by each check, so a reader on another thread sees one check or the next.</summary>
        public PollOutcome? Last { get; set; }
    }

    private sealed record Probe(HealthStatus Status, int? LatencyMs, string? Detail, PollRefusal? Refusal = null)
    {
        public static Probe Refused(PollRefusal refusal) => new(HealthStatus.Down, null, refusal.Describe(), refusal);
    }
}
