using System.Diagnostics;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;
using OpsCenter.Simulator.Feeds;

namespace OpsCenter.Simulator.Load;

/// <summary>A load run: <see cref="PerSecond"/> items of <see cref="Kind"/> (health or dossier) each second for <see cref="Seconds"/> s.</summary>
public sealed record LoadRequest(string Kind, int PerSecond, int Seconds);

/// <param name="AchievedPerSecond">Items stored per second of wall time, until the last batch was acknowledged.</param>
/// <param name="Failed">Items of batches that failed even after retries.</param>
public sealed record LoadReport(
    string Kind, int PerSecond, int Seconds, long Sent, long Stored, long Failed, int Batches,
    double ElapsedSeconds, double AchievedPerSecond, double BatchP50Ms, double BatchP95Ms);

/// <summary>
/// Sustains a rate of items like a real source would: four sends a second, each split into
/// batches of up to 1,000 with their own idempotency key, retried with that key (429 with
/// Retry-After, 5xx, timeouts). One run at a time.
/// </summary>
public sealed class LoadRunner(IngestClient ingest, UnitCatalog units, TimeProvider time) : IDisposable
{
    private const int TicksPerSecond = 4;
    private const int InFlight = 8;
    private readonly SemaphoreSlim _oneRun = new(1, 1);

    public LoadReport? Last { get; private set; }

    public void Dispose() => _oneRun.Dispose();

    public static string? Validate(LoadRequest request) => request switch
    {
        { Kind: not (DataKinds.Health or DataKinds.Dossier) } => "kind must be health or dossier.",
        { PerSecond: < 1 or > 200_000 } => "perSecond must be from 1 to 200000.",
        { Seconds: < 1 or > 600 } => "seconds must be from 1 to 600.",
        _ => null,
    };

    /// <summary>Runs the load, or returns null when another run is in progress.</summary>
    public async Task<LoadReport?> RunAsync(LoadRequest request, CancellationToken cancellationToken)
    {
        if (!await _oneRun.WaitAsync(0, cancellationToken))
        {
            return null;
        }
        try
        {
            Last = await RunCoreAsync(request, cancellationToken);
            return Last;
        }
        finally
        {
            _oneRun.Release();
        }
    }

    private async Task<LoadReport> RunCoreAsync(LoadRequest request, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var wards = units.CommuneLevel.Select(u => u.Code).ToArray();
        using var gate = new SemaphoreSlim(InFlight);
        var tasks = new List<Task>();
        var latencies = new List<double>();
        long sent = 0, stored = 0, failed = 0, produced = 0;
        var batches = 0;
        var clock = Stopwatch.StartNew();
        var total = (long)request.PerSecond * request.Seconds;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / TicksPerSecond), time);
        while (produced < total)
        {
            var due = Math.Min(total, (long)(request.PerSecond * clock.Elapsed.TotalSeconds) + (request.PerSecond / TicksPerSecond));
            while (produced < due)
            {
                var count = (int)Math.Min(BatchSender.MaxItems, due - produced);
                var first = produced;
                produced += count;
                batches++;
                await gate.WaitAsync(cancellationToken);
                tasks.Add(Task.Run(async () =>
                {
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        var key = $"load-{run}-{first}";
                        var ack = request.Kind == DataKinds.Health
                            ? await ingest.PostAsync(DataKinds.Health, Health(wards, first, count), key, cancellationToken)
                            : await ingest.PostAsync(DataKinds.Dossier, Dossiers(wards, run, first, count), key, cancellationToken);
                        Interlocked.Add(ref stored, ack.Accepted);
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Add(ref failed, count);
                    }
                    finally
                    {
                        Interlocked.Add(ref sent, count);
                        lock (latencies)
                        {
                            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        }
                        gate.Release();
                    }
                }, cancellationToken));
            }
            await timer.WaitForNextTickAsync(cancellationToken);
        }
        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed.TotalSeconds;
        latencies.Sort();
        return new LoadReport(request.Kind, request.PerSecond, request.Seconds, sent, stored, failed, batches,
            Math.Round(elapsed, 2), Math.Round(stored / elapsed, 1), Percentile(latencies, 0.5), Percentile(latencies, 0.95));
    }

    private HealthSample[] Health(string[] wards, long first, int count)
    {
        var now = time.GetUtcNow();
        var systems = SystemCatalog.Standard;
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var n = first + i;
            return new HealthSample
            {
                Unit = wards[n / systems.Count % wards.Length], System = systems[(int)(n % systems.Count)].Code,
                Status = HealthStatus.Up, LatencyMs = 120, CheckedAt = now,
            };
        })];
    }

    // New dossiers accepted now; their ids say LOAD so they can be told apart from the city's.
    private DossierEventItem[] Dossiers(string[] wards, string run, long first, int count)
    {
        var now = time.GetUtcNow();
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var n = first + i;
            var unit = wards[n % wards.Length];
            return new DossierEventItem
            {
                DossierId = $"G01.79.{unit}-LOAD{run}-{n / 100_000}-{n % 100_000:D5}", ProcedureCode = "2.000908",
                Unit = unit, Channel = 2, Status = 2, At = now, AppointmentAt = now.AddDays(1), LegalLimitDays = 1,
            };
        })];
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : Math.Round(sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))], 1);
}
