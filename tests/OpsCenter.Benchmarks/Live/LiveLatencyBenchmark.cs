using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;

namespace OpsCenter.Benchmarks.Live;

/// <summary>
/// Event -> hub client latency: the real collector and aggregator (and the gateway), health samples
/// posted at a steady rate in small batches, two clients subscribed to the city (one on the
/// aggregator, one through the gateway). Each sample is dated with its send time; a client sees it
/// delivered when a delta shows its system checked at that time or later (a newer sample of the
/// same system delivers the older one too: deltas are coalesced per publish interval).
/// </summary>
internal static class LiveLatencyBenchmark
{
    private static readonly string[] Units = [.. UnitCatalog.LoadHcmc().CommuneLevel.Select(u => u.Code)];
    private static readonly string[] Systems = [.. SystemCatalog.Standard.Select(s => s.Code)];
    private static readonly string[] ClientNames = ["aggregator direct", "via gateway"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var options = Args.Parse(args);
        var rate = options.Int("rate", 1000);
        var batch = options.Int("batch", 10);
        var seconds = options.Int("seconds", 30);
        var warmup = options.Int("warmup", 5);
        var output = options.String("output", null);

        var report = new StringBuilder();
        void Say(string line)
        {
            Console.WriteLine(line);
            report.AppendLine(line);
        }
        Say(FormattableString.Invariant($"## live-latency, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        Say($"machine: {Machine.Describe()} (before)");
        Say(FormattableString.Invariant($"settings: {rate} health samples/s in batches of {batch} ({rate / (double)batch:0} POST/s) over {Units.Length} units x {Systems.Length} systems, {warmup} s warm-up + {seconds} s measured"));

        using var servers = await LiveServers.StartAsync(gateway: true);
        var total = rate * (warmup + seconds);
        var samples = new Sample[total];
        var tracker = new Tracker(samples, ClientNames.Length);
        await using var direct = await HubFleet.ConnectAsync(LiveServers.HubUri(servers.Aggregator!.Url), 1, "city", tracker.For(0));
        await using var viaGateway = await HubFleet.ConnectAsync(LiveServers.HubUri(servers.Gateway!.Url), 1, "city", tracker.For(1));
        using var poster = new HealthPoster(servers.Collector.Url);

        var aggregatorPid = servers.Aggregator.Pid;
        var collectorPid = servers.Collector.Pid;
        var postLatencies = new Histogram();
        var errors = 0;
        string? firstError = null;
        var batches = total / batch;
        var interval = TimeSpan.FromSeconds(batch / (double)rate);
        var started = Stopwatch.GetTimestamp();
        var window = (Start: started + (long)(warmup * Stopwatch.Frequency), End: started + (long)((warmup + seconds) * Stopwatch.Frequency));
        (double Aggregator, double Collector, double Self) cpuAtWindow = default;
        var rss = new List<double>();
        var inFlight = new List<Task>();
        for (var b = 0; b < batches; b++)
        {
            var due = started + (long)(b * interval.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }
            if (cpuAtWindow == default && Stopwatch.GetTimestamp() >= window.Start)
            {
                cpuAtWindow = (ProcStats.CpuSeconds(aggregatorPid), ProcStats.CpuSeconds(collectorPid), ProcStats.CpuSeconds(Environment.ProcessId));
            }
            if (b % (rate / batch) == 0 && Stopwatch.GetTimestamp() >= window.Start)
            {
                rss.Add(ProcStats.RssMiB(aggregatorPid));
            }
            var items = new List<HealthSample>(batch);
            var indices = new int[batch];
            var sent = Stopwatch.GetTimestamp();
            var at = DateTimeOffset.UtcNow;
            for (var i = 0; i < batch; i++)
            {
                var n = (b * batch) + i;
                var pair = n % (Units.Length * Systems.Length);
                var (unit, system) = (pair / Systems.Length, pair % Systems.Length);
                samples[n] = new Sample(pair, at.UtcTicks, sent);
                tracker.Expect(n);
                indices[i] = n;
                items.Add(new HealthSample
                {
                    Unit = Units[unit], System = Systems[system], Status = HealthStatus.Up, LatencyMs = 20 + (n % 300), CheckedAt = at,
                });
            }
            inFlight.Add(Task.Run(async () =>
            {
                var (ok, error) = await poster.PostAsync(items);
                var acked = Stopwatch.GetTimestamp();
                foreach (var n in indices)
                {
                    samples[n].AckedAt = acked;
                }
                if (sent >= window.Start && sent < window.End)
                {
                    postLatencies.Record(Stopwatch.GetElapsedTime(sent, acked).TotalMilliseconds);
                }
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                    firstError ??= error;
                }
            }));
            inFlight.RemoveAll(t => t.IsCompleted);
        }
        var loadEnded = Stopwatch.GetTimestamp();
        var cpuEnd = (ProcStats.CpuSeconds(aggregatorPid), ProcStats.CpuSeconds(collectorPid), ProcStats.CpuSeconds(Environment.ProcessId));
        var cpuSeconds = Stopwatch.GetElapsedTime(window.Start, loadEnded).TotalSeconds;
        await Task.WhenAll(inFlight);
        // Let the last deltas arrive.
        await Machine.WaitAsync(() => tracker.AllDelivered(window.End), TimeSpan.FromSeconds(10));

        var achieved = samples.Count(s => s.SentAt >= window.Start && s.SentAt < window.End) / (double)seconds;
        Say(FormattableString.Invariant(
            $"achieved {achieved:N0} samples/s; POST p50 {postLatencies.Percentile(0.5):N1} ms, p99 {postLatencies.Percentile(0.99):N1} ms, {errors} errors{(firstError is null ? "" : ": " + firstError)}"));
        Say(FormattableString.Invariant(
            $"CPU over the window (% of one core): aggregator {100 * (cpuEnd.Item1 - cpuAtWindow.Aggregator) / cpuSeconds:N0}%, collector {100 * (cpuEnd.Item2 - cpuAtWindow.Collector) / cpuSeconds:N0}%, load generator + clients {100 * (cpuEnd.Item3 - cpuAtWindow.Self) / cpuSeconds:N0}%; aggregator RSS {rss.DefaultIfEmpty(double.NaN).Average():N0} MiB (max {rss.DefaultIfEmpty(double.NaN).Max():N0})"));
        Say("");
        Say("| client | samples | undelivered | from POST sent: p50 | p95 | p99 | max | from POST acknowledged: p50 | p95 | p99 | max | delta before ack |");
        Say("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (var c = 0; c < ClientNames.Length; c++)
        {
            var fromSent = new Histogram();
            var fromAck = new Histogram();
            int counted = 0, undelivered = 0, beforeAck = 0;
            for (var n = 0; n < samples.Length; n++)
            {
                var s = samples[n];
                if (s.SentAt < window.Start || s.SentAt >= window.End)
                {
                    continue;
                }
                counted++;
                var received = tracker.ReceivedAt(n, c);
                if (received == 0)
                {
                    undelivered++;
                    continue;
                }
                fromSent.Record(Stopwatch.GetElapsedTime(s.SentAt, received).TotalMilliseconds);
                if (received < s.AckedAt)
                {
                    beforeAck++;
                }
                fromAck.Record(Math.Max(0, Stopwatch.GetElapsedTime(s.AckedAt, received).TotalMilliseconds));
            }
            Say(FormattableString.Invariant(
                $"| {ClientNames[c]} | {counted:N0} | {undelivered} | {fromSent.Percentile(0.5):N0} ms | {fromSent.Percentile(0.95):N0} | {fromSent.Percentile(0.99):N0} | {fromSent.Max:N0} | {fromAck.Percentile(0.5):N0} ms | {fromAck.Percentile(0.95):N0} | {fromAck.Percentile(0.99):N0} | {fromAck.Max:N0} | {beforeAck:N0} |"));
        }
        var fleets = new[] { direct, viaGateway };
        Say("");
        Say(FormattableString.Invariant(
            $"deltas received: {string.Join(", ", fleets.Select((f, i) => $"{ClientNames[i]} {f.Clients[0].Deltas:N0} (mean {tracker.MeanBytes(i) / 1024:N1} KB, lost {f.Clients[0].Lost})"))}"));
        Say($"machine after: load average {Report.Load()}");
        if (output is not null)
        {
            await File.AppendAllTextAsync(output, report.ToString() + Environment.NewLine);
        }
        return errors == 0 && fleets.All(f => f.Clients[0].Lost == 0) ? 0 : 1;
    }

    private struct Sample(int pair, long checkedAtTicks, long sentAt)
    {
        public int Pair = pair;
        public long CheckedAtTicks = checkedAtTicks;
        public long SentAt = sentAt;
        public long AckedAt;
    }

    /// <summary>
    /// Per client and (unit, system): the samples sent and not yet seen, oldest first. A delta that
    /// shows a system checked at T delivers every waiting sample of it checked at T or before.
    /// </summary>
    private sealed class Tracker(Sample[] samples, int clients)
    {
        private readonly Queue<int>[][] _waiting = [.. Enumerable.Range(0, clients).Select(_ => Enumerable.Range(0, Units.Length * Systems.Length).Select(_ => new Queue<int>()).ToArray())];
        private readonly long[][] _received = [.. Enumerable.Range(0, clients).Select(_ => new long[samples.Length])];
        private readonly long[] _bytes = new long[clients];
        private readonly long[] _messages = new long[clients];
        private readonly Dictionary<string, int> _units = Units.Select((u, i) => (u, i)).ToDictionary(x => x.u, x => x.i, StringComparer.Ordinal);
        private readonly Dictionary<string, int> _systems = Systems.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i, StringComparer.Ordinal);

        public void Expect(int n)
        {
            for (var c = 0; c < clients; c++)
            {
                lock (_waiting[c])
                {
                    _waiting[c][samples[n].Pair].Enqueue(n);
                }
            }
        }

        public long ReceivedAt(int sample, int client) => _received[client][sample];

        public double MeanBytes(int client) => _messages[client] == 0 ? double.NaN : _bytes[client] / (double)_messages[client];

        public bool AllDelivered(long sentBefore)
        {
            for (var c = 0; c < clients; c++)
            {
                lock (_waiting[c])
                {
                    if (_waiting[c].Any(q => q.Count > 0 && samples[q.Peek()].SentAt < sentBefore))
                    {
                        return false;
                    }
                }
            }
            return true;
        }

        public IHubListener For(int client) => new Listener(this, client);

        private sealed class Listener(Tracker tracker, int client) : IHubListener
        {
            public void OnDelta(HubClient hub, JsonElement delta, DateTimeOffset receivedAt, int bytes)
            {
                var now = Stopwatch.GetTimestamp();
                hub.Saw(delta.GetProperty("seq").GetInt64());
                tracker._bytes[client] += bytes;
                tracker._messages[client]++;
                var waiting = tracker._waiting[client];
                lock (waiting)
                {
                    foreach (var tile in delta.GetProperty("units").EnumerateArray())
                    {
                        if (!tracker._units.TryGetValue(tile.GetProperty("unit").GetString()!, out var unit) || !tile.TryGetProperty("systems", out var systems))
                        {
                            continue;
                        }
                        foreach (var system in systems.EnumerateArray())
                        {
                            if (!tracker._systems.TryGetValue(system.GetProperty("system").GetString()!, out var s)
                                || !system.TryGetProperty("checkedAt", out var checkedAt))
                            {
                                continue;
                            }
                            var ticks = checkedAt.GetDateTimeOffset().UtcTicks;
                            var queue = waiting[(unit * Systems.Length) + s];
                            while (queue.Count > 0 && tracker.Samples[queue.Peek()].CheckedAtTicks <= ticks)
                            {
                                tracker._received[client][queue.Dequeue()] = now;
                            }
                        }
                    }
                }
            }
        }

        public Sample[] Samples => samples;
    }
}

/// <summary>--name value pairs.</summary>
internal sealed class Args
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Args Parse(IReadOnlyList<string> args)
    {
        var parsed = new Args();
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }
            parsed._values[args[i][2..]] = args[i + 1];
        }
        return parsed;
    }

    public int Int(string name, int fallback) => _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public string? String(string name, string? fallback) => _values.GetValueOrDefault(name, fallback!);

    public IReadOnlyList<int> Ints(string name, string fallback) =>
        [.. String(name, fallback)!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture))];
}
