using System.Diagnostics;
using System.Text;
using System.Text.Json;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Health;

namespace OpsCenter.Benchmarks.Live;

/// <summary>
/// How many live clients one aggregator holds at 1 Hz updates, beside a bare SignalR hub sending
/// the same bytes to the same number of clients in the same run. For each N: a fresh aggregator
/// (the collector and store stay), N lean WebSocket clients subscribed to the city, one health
/// sample posted per second (so the city scope sends one delta per second), a warm-up, then a
/// measured window; then a fresh bare hub with the delta and snapshot the aggregator sent, and the
/// same N clients and window. Latency is the delta's server time to its arrival (same clock), plus,
/// for the aggregator, the sample's send time to its arrival.
/// </summary>
internal static class LiveFanoutBenchmark
{
    private static readonly string Unit = OpsCenter.Domain.Units.UnitCatalog.LoadHcmc().CommuneLevel[0].Code;
    private static readonly string SystemCode = SystemCatalog.Standard[0].Code;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var options = Args.Parse(args);
        var counts = options.Ints("clients", "1000,5000,10000");
        var seconds = options.Int("seconds", 15);
        var rounds = options.Int("rounds", 2);
        var warmup = options.Int("warmup", 5);
        var output = options.String("output", null);
        var limit = ProcStats.OpenFilesLimit();
        if (limit < counts.Max() + 1000)
        {
            Console.Error.WriteLine($"Open files limit is {limit}: raise it (ulimit -n 100000) for {counts.Max():N0} clients.");
            return 2;
        }
        var report = new StringBuilder();
        void Say(string line)
        {
            Console.WriteLine(line);
            report.AppendLine(line);
        }
        Say(FormattableString.Invariant($"## live-fanout, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        Say($"machine: {Machine.Describe()} (before); open files limit {limit}; ports {File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Trim()}");
        Say(FormattableString.Invariant($"settings: clients {string.Join(", ", counts)}; {rounds} round(s) per server, in the order aggregator, bare, bare, aggregator... (the machine's load drifts); {warmup} s warm-up + {seconds} s measured each; one health sample per second to the aggregator; the bare hub sends at 1 Hz"));

        using var servers = await LiveServers.StartAsync();
        using var poster = new HealthPoster(servers.Collector.Url);
        var (deltaFile, snapshotFile, deltaBytes) = await CaptureAsync(servers, poster);
        Say(FormattableString.Invariant($"message: the aggregator's city delta of one unit tile, {deltaBytes} bytes as a SignalR record; the bare hub sends the same JSON (own seq and time); the city snapshot each client gets on Subscribe: {new FileInfo(snapshotFile).Length:N0} bytes of JSON"));
        var rows = new List<Row>();
        try
        {
            foreach (var n in counts)
            {
                for (var round = 1; round <= rounds; round++)
                {
                    foreach (var server in round % 2 == 1 ? new[] { "aggregator", "bare hub" } : ["bare hub", "aggregator"])
                    {
                        if (server == "aggregator")
                        {
                            await servers.StartAggregatorAsync();
                            rows.Add(await MeasureAsync(server, n, round, servers.Aggregator!, warmup, seconds, poster, Say));
                            servers.Aggregator!.Dispose(); // its clients' sockets and memory go with it
                        }
                        else
                        {
                            using var bare = await ServerProcess.StartAsync(typeof(BareHub).Assembly.Location, ["bare-hub", "{port}", deltaFile, snapshotFile], new Dictionary<string, string>());
                            rows.Add(await MeasureAsync(server, n, round, bare, warmup, seconds, null, Say));
                        }
                    }
                }
            }
        }
        finally
        {
            File.Delete(deltaFile);
            File.Delete(snapshotFile);
        }

        Say("");
        Say("| clients | round | server | connect s | publish -> client p50 | p99 | max | sample posted -> client p99 | deltas/client | lost | closed | RSS idle MiB | RSS MiB (max) | KiB/client | CPU % | load |");
        Say("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            Say(FormattableString.Invariant(
                $"| {r.Clients:N0} | {r.Round} | {r.Server} | {r.ConnectSeconds:N1} | {r.Publish.Percentile(0.5):N0} ms | {r.Publish.Percentile(0.99):N0} | {r.Publish.Max:N0} | {(r.Ingest.Count > 0 ? $"{r.Ingest.Percentile(0.99):N0} ms" : "-")} | {r.DeltasPerClient:N1} | {r.Lost} | {r.ClosedClients} | {r.RssIdle:N0} | {r.Rss:N0} ({r.RssMax:N0}) | {1024 * (r.Rss - r.RssIdle) / r.Clients:N1} | {r.CpuPercent:N0} | {r.Load} |"));
        }
        Say("");
        Say("Ratios: p99 and RSS over all rounds of each server (latencies pooled, RSS averaged), and p99 per round.");
        Say("");
        Say("| clients | p99 aggregator / bare (pooled) | per round | target <= 1.5 | RSS aggregator / bare | target <= 1.3 | KiB per client aggregator / bare | CPU % aggregator / bare |");
        Say("|---:|---:|---|---|---:|---|---:|---:|");
        foreach (var n in counts)
        {
            var a = rows.Where(r => r.Clients == n && r.Server == "aggregator").ToList();
            var b = rows.Where(r => r.Clients == n && r.Server == "bare hub").ToList();
            var p99 = Histogram.Merge(a.Select(r => r.Publish)).Percentile(0.99) / Histogram.Merge(b.Select(r => r.Publish)).Percentile(0.99);
            var perRound = string.Join(", ", a.Zip(b, (x, y) => (x.Publish.Percentile(0.99) / y.Publish.Percentile(0.99)).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)));
            var (rssA, rssB) = (a.Average(r => r.Rss), b.Average(r => r.Rss));
            var rss = rssA / rssB;
            Say(FormattableString.Invariant(
                $"| {n:N0} | {p99:0.00}x | {perRound} | {(p99 <= 1.5 ? "met" : "missed")} | {rss:0.00}x | {(rss <= 1.3 ? "met" : "missed")} | {1024 * (rssA - a.Average(r => r.RssIdle)) / n:N1} / {1024 * (rssB - b.Average(r => r.RssIdle)) / n:N1} | {a.Average(r => r.CpuPercent):N0} / {b.Average(r => r.CpuPercent):N0} |"));
        }
        Say($"machine after: load average {Report.Load()}");
        if (output is not null)
        {
            await File.AppendAllTextAsync(output, report.ToString() + Environment.NewLine);
        }
        return rows.All(r => r.Lost == 0 && r.ClosedClients == 0) ? 0 : 1;
    }

    private sealed record Row(string Server, int Clients, int Round, double ConnectSeconds, Histogram Publish, Histogram Ingest, double DeltasPerClient,
        long Lost, int ClosedClients, double RssIdle, double Rss, double RssMax, double CpuPercent, string Load);

    /// <summary>A delta and a snapshot of the city as the aggregator sends them, for the bare hub to send.</summary>
    private static async Task<(string Delta, string Snapshot, int Bytes)> CaptureAsync(LiveServers servers, HealthPoster poster)
    {
        var capture = new Capture();
        await using var fleet = await HubFleet.ConnectAsync(LiveServers.HubUri(servers.Aggregator!.Url), 1, "city", capture);
        for (var i = 0; i < 50 && capture.Delta is null; i++)
        {
            var (ok, error) = await PostAsync(poster, i);
            if (!ok)
            {
                throw new InvalidOperationException("Posting a health sample failed: " + error);
            }
            await Task.Delay(200);
        }
        if (capture.Delta is null || capture.Snapshot is null)
        {
            throw new InvalidOperationException("The aggregator sent no delta for a posted sample.");
        }
        var deltaFile = Path.GetTempFileName();
        var snapshotFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(deltaFile, capture.Delta);
        await File.WriteAllTextAsync(snapshotFile, capture.Snapshot);
        return (deltaFile, snapshotFile, capture.Bytes);
    }

    private static Task<(bool Ok, string? Error)> PostAsync(HealthPoster poster, int i) => poster.PostAsync(
    [
        new HealthSample { Unit = Unit, System = SystemCode, Status = HealthStatus.Up, LatencyMs = 20 + (i % 300), CheckedAt = DateTimeOffset.UtcNow },
    ]);

    private static async Task<Row> MeasureAsync(string name, int n, int round, ServerProcess server, int warmup, int seconds, HealthPoster? poster, Action<string> say)
    {
        var rssIdle = ProcStats.RssMiB(server.Pid);
        var listener = new Listener(measureIngest: poster is not null);
        var connecting = Stopwatch.StartNew();
        await using var fleet = await HubFleet.ConnectAsync(LiveServers.HubUri(server.Url), n, "city", listener,
            progress: c => Console.WriteLine(FormattableString.Invariant($"   {name}: {c:N0} clients connected ({connecting.Elapsed.TotalSeconds:N0} s)")));
        var connectSeconds = connecting.Elapsed.TotalSeconds;

        using var stop = new CancellationTokenSource();
        var driver = poster is null ? Task.CompletedTask : Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            for (var i = 0; await timer.WaitForNextTickAsync(stop.Token).AsTask().ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default); i++)
            {
                await PostAsync(poster, i);
            }
        });
        await Task.Delay(TimeSpan.FromSeconds(warmup));
        var deltasBefore = fleet.Clients.Sum(c => c.Deltas);
        var cpuBefore = ProcStats.CpuSeconds(server.Pid);
        var window = Stopwatch.StartNew();
        listener.Recording = true;
        var rss = new List<double>();
        while (window.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            await Task.Delay(1000);
            rss.Add(ProcStats.RssMiB(server.Pid));
        }
        listener.Recording = false;
        var cpu = (ProcStats.CpuSeconds(server.Pid) - cpuBefore) / window.Elapsed.TotalSeconds;
        var deltas = (fleet.Clients.Sum(c => c.Deltas) - deltasBefore) / (double)fleet.Clients.Count;
        await stop.CancelAsync();
        await driver;
        await Task.Delay(1500); // deltas of the last second still on their way
        var row = new Row(name, n, round, connectSeconds, listener.Publish, listener.Ingest, deltas,
            fleet.Clients.Sum(c => c.Lost), fleet.Clients.Count(c => c.Closed), rssIdle, rss.Average(), rss.Max(), 100 * cpu, Report.Load().Split(' ')[0]);
        var closed = fleet.Clients.FirstOrDefault(c => c.Closed)?.CloseReason;
        say(FormattableString.Invariant(
            $"   {name,-10} N={n,6:N0}: connect {connectSeconds:N1} s, publish->client p50 {row.Publish.Percentile(0.5):N0} ms p99 {row.Publish.Percentile(0.99):N0} ms max {row.Publish.Max:N0} ms, {deltas:N1} deltas/client in {seconds} s, lost {row.Lost}, closed {row.ClosedClients}{(closed is null ? "" : $" ({closed})")}, RSS {row.RssIdle:N0} -> {row.Rss:N0} MiB, CPU {row.CpuPercent:N0}%, load {row.Load}"));
        return row;
    }

    private sealed class Listener(bool measureIngest) : IHubListener
    {
        public volatile bool Recording;

        public Histogram Publish { get; } = new();

        public Histogram Ingest { get; } = new();

        public void OnDelta(HubClient client, JsonElement delta, DateTimeOffset receivedAt, int bytes)
        {
            client.Saw(delta.GetProperty("seq").GetInt64());
            if (!Recording)
            {
                return;
            }
            Publish.Record((receivedAt - delta.GetProperty("serverTime").GetDateTimeOffset()).TotalMilliseconds);
            if (measureIngest && delta.GetProperty("units") is { ValueKind: JsonValueKind.Array } units)
            {
                foreach (var tile in units.EnumerateArray())
                {
                    if (tile.GetProperty("unit").ValueEquals(Unit) && tile.TryGetProperty("systems", out var systems) && systems.GetArrayLength() > 0
                        && systems[0].TryGetProperty("checkedAt", out var checkedAt))
                    {
                        Ingest.Record((receivedAt - checkedAt.GetDateTimeOffset()).TotalMilliseconds);
                    }
                }
            }
        }
    }

    private sealed class Capture : IHubListener
    {
        public string? Delta { get; private set; }

        public string? Snapshot { get; private set; }

        public int Bytes { get; private set; }

        public void OnDelta(HubClient client, JsonElement delta, DateTimeOffset receivedAt, int bytes)
        {
            client.Saw(delta.GetProperty("seq").GetInt64());
            // A steady-state delta: the one unit's tile only (the first one also carries the city's tile, once).
            if (Delta is null && delta.GetProperty("units") is { } units && units.GetArrayLength() == 1 && units[0].GetProperty("unit").ValueEquals(Unit)
                && !delta.TryGetProperty("changes", out _))
            {
                Bytes = bytes;
                Delta = delta.GetRawText();
            }
        }

        public void OnSnapshot(HubClient client, JsonElement snapshot) => Snapshot ??= snapshot.GetRawText();
    }
}
