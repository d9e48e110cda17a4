using System.Diagnostics;
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
/// reason) as a health sample in the log, exactly as if the source had pushed it.
/// </summary>
internal sealed partial class HealthPoller(
    ISourceRegistry registry,
    IEventLog log,
    TimeProvider time,
    IOptionsMonitor<PullOptions> options,
    ILogger<HealthPoller> logger) : BackgroundService
{
    private readonly Dictionary<string, TargetState> _targets = new(StringComparer.Ordinal);

    // Its own client, outside the shared resilience pipeline: the poller measures latency and
    // applies its own timeout, single retry and circuit breaker.
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

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
                    if (!_targets.TryGetValue(source.Id, out var target))
                    {
                        _targets[source.Id] = target = new TargetState();
                    }
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
            var (status, latency, detail) = target.OpenUntil > due
                ? (HealthStatus.Down, (int?)null, $"not checked: {target.Failures} failures in a row, retrying after {target.OpenUntil:HH:mm:ss}Z")
                : await ProbeAsync(source.HealthUrl!, cancellationToken);
            if (target.OpenUntil <= due)
            {
                target.Failures = status == HealthStatus.Down ? target.Failures + 1 : 0;
                if (target.Failures >= options.CurrentValue.FailuresToOpen)
                {
                    target.OpenUntil = due + (source.ExpectedInterval * options.CurrentValue.OpenForIntervals);
                }
            }
            var sample = new HealthSample
            {
                Unit = source.Units![0],
                System = source.HealthSystem,
                Status = status,
                LatencyMs = latency,
                CheckedAt = due,
                Detail = detail is { Length: > 200 } ? detail[..200] : detail,
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

    private async Task<(HealthStatus Status, int? LatencyMs, string? Detail)> ProbeAsync(string url, CancellationToken cancellationToken)
    {
        string? failure = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.CurrentValue.Timeout);
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await _http.GetAsync(new Uri(url), HttpCompletionOption.ResponseContentRead, timeout.Token);
                var body = await response.Content.ReadAsStringAsync(timeout.Token);
                var latency = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var (status, detail) = HealthCheckClassifier.Classify((int)response.StatusCode, body.Length > 4096 ? body[..4096] : body);
                return (status, latency, detail);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = $"timeout after {options.CurrentValue.Timeout.TotalSeconds:0.#} s";
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
        return (HealthStatus.Down, null, failure);
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
    }
}
