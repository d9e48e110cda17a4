using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OpsCenter.Benchmarks.Embed;

/// <summary>
/// <c>embed-fanout</c>: N widget viewers of one unit's stream on the real aggregator (connected to
/// it directly), one update a second (a health sample flipping a system of the unit, its
/// <c>checkedAt</c> naming the update: the widget shows it as <c>dataAt</c>), beside the bare
/// embed server sending the same status JSON to the same number of viewers with the same client.
/// Each server is a fresh process per phase, so its memory is its own.
/// </summary>
internal static class EmbedFanoutBenchmark
{
    private const double Target = 1.5;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var viewerCounts = Option(args, "--viewers", "1000,5000,10000").Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList();
        var seconds = int.Parse(Option(args, "--seconds", "15"), CultureInfo.InvariantCulture);
        var warmup = int.Parse(Option(args, "--warmup", "3"), CultureInfo.InvariantCulture);
        var output = Option(args, "--output", "");
        var engine = Option(args, "--engine", "sqlite");
        var targets = Option(args, "--targets", "aggregator,bare").Split(',');
        // direct: viewers connect to the aggregator (and the bare server); gateway: through the gateway (and a bare YARP proxy).
        var via = Option(args, "--via", "direct");
        var rounds = int.Parse(Option(args, "--rounds", "1"), CultureInfo.InvariantCulture);
        // Settings for the aggregator, e.g. --aggregator Live__PublishInterval=00:00:00.100,Live__TailInterval=00:00:00.020
        var settings = Option(args, "--aggregator", "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Embed fan-out, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC")
            .AppendLine(CultureInfo.InvariantCulture, $"machine: {Stats.Machine()}")
            .AppendLine(CultureInfo.InvariantCulture, $"load average before: {Stats.Load()}")
            .AppendLine(CultureInfo.InvariantCulture, $"settings: viewers {string.Join(',', viewerCounts)}, {rounds} round(s) each, 1 update/s, {warmup} s warm-up + {seconds} s measured, 5 s grace; {(via == "gateway" ? "viewers connect through the gateway (the bare server's through a bare YARP proxy)" : "viewers connect to the aggregator (and the bare server) directly")}; store {engine}")
            .AppendLine(CultureInfo.InvariantCulture, $"aggregator settings: {(settings.Count == 0 ? "defaults (Live:TailInterval 50 ms, Live:PublishInterval 250 ms, published on the leading edge)" : string.Join(", ", settings.Select(s => $"{s.Key}={s.Value}")))}");
        Console.WriteLine(md.ToString());
        if (Stats.OpenFilesLimit() < viewerCounts.Max() + 1000)
        {
            Console.Error.WriteLine($"The open-files limit ({Stats.OpenFilesLimit()}) is too low for {viewerCounts.Max()} viewers: run under `ulimit -n 65536`.");
            return 2;
        }

        await using var postgres = engine == "postgres" ? await PostgresServer.StartAsync() : null;
        using var servers = await EmbedServers.StartAsync(postgres);
        foreach (var (name, value) in settings)
        {
            servers.AggregatorSettings[name] = value;
        }
        // The bare server sends the aggregator's own status bytes: take them once.
        await servers.StartAggregatorAsync();
        await servers.CaptureForBareAsync();
        servers.StopAggregator();

        var results = new List<PhaseResult>();
        for (var k = 0; k < viewerCounts.Count * rounds; k++)
        {
            var n = viewerCounts[k / rounds];
            // Alternate which goes first (with two rounds: aggregator, bare, bare, aggregator), so a
            // drift in the machine's load does not favour one.
            foreach (var target in (k % 2 == 0 ? new[] { "aggregator", "bare" } : ["bare", "aggregator"]).Where(targets.Contains))
            {
                PhaseResult result;
                if (target == "aggregator")
                {
                    var aggregator = await servers.StartAggregatorAsync();
                    var gateway = via == "gateway" ? await servers.StartGatewayAsync() : null;
                    result = await RunPhaseAsync(target, servers.EmbedUri((gateway ?? aggregator).Url, "stream"), n, ProcessUsage.Of(aggregator.Url),
                        gateway is null ? null : ProcessUsage.Of(gateway.Url),
                        (at, seq) => servers.PostSampleAsync(at, allSystems: false, down: seq % 2 == 1), warmup, seconds, servers.TokenLookupsAsync);
                    servers.StopAggregator();
                }
                else
                {
                    var bare = await servers.StartBareAsync(proxy: via == "gateway");
                    var proxy = via == "gateway" ? servers.BareProxy : null;
                    result = await RunPhaseAsync(target, servers.EmbedUri((proxy ?? bare).Url, "stream"), n, ProcessUsage.Of(bare.Url),
                        proxy is null ? null : ProcessUsage.Of(proxy.Url),
                        (at, _) => servers.PublishBareAsync(at), warmup, seconds, () => Task.FromResult<long?>(null));
                    servers.StopBare();
                }
                results.Add(result);
                Console.WriteLine(result.Line());
                if (output.Length > 0)
                {
                    await File.WriteAllTextAsync(output, Markdown(md.ToString(), results));
                }
            }
        }
        var markdown = Markdown(md.ToString(), results);
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (output.Length > 0)
        {
            await File.WriteAllTextAsync(output, markdown);
            Console.WriteLine($"Written to {Path.GetFullPath(output)}");
        }
        return results.Any(r => r.Failed > 0 || r.Updates == 0) ? 1 : 0;
    }

    private static string Option(IReadOnlyList<string> args, string name, string fallback)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private sealed record Update(int Seq, long DataAtTicks, long SentTicks, long AckTicks, bool Ok, bool Measured, string? Error);

    private static async Task<PhaseResult> RunPhaseAsync(
        string target, Uri stream, int n, ProcessUsage server, ProcessUsage? proxy, Func<DateTimeOffset, int, Task<(bool Ok, string? Error)>> publish, int warmup, int seconds,
        Func<Task<long?>> tokenLookups)
    {
        var loadBefore = Stats.Load();
        // A few updates with no viewer: warms the update path, and gives the server's own cost.
        var baseline = 3;
        double idleCpu;
        using (var timer = new PeriodicTimer(TimeSpan.FromSeconds(1)))
        {
            await timer.WaitForNextTickAsync();
            var (cpu, started) = (server.CpuSeconds, Stopwatch.GetTimestamp());
            for (var seq = 0; seq < baseline; seq++)
            {
                var now = DateTimeOffset.UtcNow;
                await publish(new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero), seq);
                await timer.WaitForNextTickAsync();
            }
            idleCpu = (server.CpuSeconds - cpu) / Stopwatch.GetElapsedTime(started).TotalSeconds * 100;
        }
        var idleRss = server.RssMiB;
        var connectWatch = Stopwatch.StartNew();
        await using var viewers = await SseViewers.OpenAsync(stream, n);
        var connectSeconds = connectWatch.Elapsed.TotalSeconds;
        var connectedRss = server.RssMiB;
        var self = ProcessUsage.Self;

        var updates = new List<Update>();
        double cpu0 = 0, selfCpu0 = 0, cpu1 = 0, selfCpu1 = 0, proxyCpu0 = 0, proxyCpu1 = 0, peakRss = connectedRss;
        long window0 = 0, window1 = 0;
        long? lookups0 = null, lookups1 = null;
        using (var timer = new PeriodicTimer(TimeSpan.FromSeconds(1)))
        {
            for (var seq = baseline; seq < baseline + warmup + seconds; seq++)
            {
                await timer.WaitForNextTickAsync();
                if (seq == baseline + warmup)
                {
                    (cpu0, selfCpu0, window0) = (server.CpuSeconds, self.CpuSeconds, Stopwatch.GetTimestamp());
                    proxyCpu0 = proxy?.CpuSeconds ?? 0;
                    lookups0 = await tokenLookups();
                }
                var now = DateTimeOffset.UtcNow;
                var at = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
                var sent = DateTime.UtcNow.Ticks;
                var (ok, error) = await publish(at, seq);
                updates.Add(new Update(seq, at.UtcTicks, sent, DateTime.UtcNow.Ticks, ok, seq >= baseline + warmup, error));
                peakRss = Math.Max(peakRss, server.RssMiB);
            }
            await timer.WaitForNextTickAsync();
            (cpu1, selfCpu1, window1) = (server.CpuSeconds, self.CpuSeconds, Stopwatch.GetTimestamp());
            proxyCpu1 = proxy?.CpuSeconds ?? 0;
            lookups1 = await tokenLookups();
        }
        var endRss = server.RssMiB;
        var proxyRss = proxy?.RssMiB;
        await Task.Delay(TimeSpan.FromSeconds(5)); // grace for late arrivals
        var window = Stopwatch.GetElapsedTime(window0, window1).TotalSeconds;
        var measured = updates.Where(u => u.Measured && u.Ok).ToDictionary(u => u.DataAtTicks);

        var fanout = new List<double>();
        var fromAck = new List<double>();
        var fromSend = new List<double>();
        var pipeline = new Dictionary<long, double>();
        var seenBy = measured.Keys.ToDictionary(k => k, _ => 0);
        long bytes = 0, frames = 0;
        foreach (var viewer in viewers.Viewers)
        {
            var seen = new HashSet<long>();
            foreach (var a in viewer.Arrivals)
            {
                if (!measured.TryGetValue(a.DataAtTicks, out var update) || !seen.Add(a.DataAtTicks))
                {
                    continue;
                }
                seenBy[a.DataAtTicks]++;
                fanout.Add((a.ArrivedTicks - a.GeneratedAtTicks) / 10_000.0);
                fromAck.Add((a.ArrivedTicks - update.AckTicks) / 10_000.0);
                fromSend.Add((a.ArrivedTicks - update.SentTicks) / 10_000.0);
                pipeline.TryAdd(a.DataAtTicks, (a.GeneratedAtTicks - update.AckTicks) / 10_000.0);
                bytes += a.Bytes;
                frames++;
            }
        }
        fanout.Sort();
        fromAck.Sort();
        fromSend.Sort();
        var published = seenBy.Count(s => s.Value > 0);
        var expected = (long)published * viewers.Viewers.Count;
        return new PhaseResult(target, n, viewers.Viewers.Count, viewers.Failed, viewers.FirstError, viewers.Viewers.Count(v => v.Closed),
            connectSeconds, Stats.Percentile([.. viewers.ConnectSeconds.Order()], 0.99),
            measured.Count, published, updates.Count(u => !u.Ok), updates.FirstOrDefault(u => !u.Ok)?.Error,
            frames, expected - frames, frames == 0 ? 0 : bytes / (double)frames,
            new Latency(fanout), new Latency(fromAck), new Latency(fromSend), fanout, fromSend, [.. pipeline.Values.Order()],
            (lookups1 - lookups0) / window, proxyRss, proxy is null ? null : (proxyCpu1 - proxyCpu0) / window * 100,
            idleRss, connectedRss, endRss, peakRss, idleCpu, (cpu1 - cpu0) / window * 100, (selfCpu1 - selfCpu0) / window * 100,
            loadBefore, Stats.Load());
    }

    private sealed record Latency(double P50, double P99, double Max, int Count)
    {
        public Latency(List<double> sorted)
            : this(Stats.Percentile(sorted, 0.50), Stats.Percentile(sorted, 0.99), sorted.Count == 0 ? double.NaN : sorted[^1], sorted.Count)
        {
        }

        public override string ToString() => FormattableString.Invariant($"{P50:N0} / {P99:N0} / {Max:N0}");
    }

    private sealed record PhaseResult(
        string Target, int Asked, int Connected, int Failed, string? FirstError, int Closed, double ConnectSeconds, double ConnectP99,
        int Updates, int Published, int PublishErrors, string? FirstPublishError, long Delivered, long Lost, double FrameBytes,
        Latency Fanout, Latency FromAck, Latency FromSend, List<double> FanoutSamples, List<double> FromSendSamples, List<double> Pipeline, double? TokenLookupsPerSecond, double? ProxyRss, double? ProxyCpuPercent,
        double IdleRss, double ConnectedRss, double EndRss, double PeakRss, double IdleCpuPercent, double CpuPercent, double ClientCpuPercent, string LoadBefore, string LoadAfter)
    {
        public string Proxy => ProxyRss is null ? "-" : FormattableString.Invariant($"{ProxyRss:N0} MiB, {ProxyCpuPercent:N0}%");

        public double KiBPerViewer => (EndRss - IdleRss) * 1024 / Math.Max(1, Connected);

        public string Line() =>
            FormattableString.Invariant($"{Target,-10} N={Asked,-6} connected {Connected} ({Failed} failed{(FirstError is null ? "" : ": " + FirstError)}) in {ConnectSeconds:N1} s; ")
            + FormattableString.Invariant($"updates {Updates} ({Published} seen, {PublishErrors} errors{(FirstPublishError is null ? "" : ": " + FirstPublishError)}), delivered {Delivered}, lost {Lost}, closed {Closed}; ")
            + FormattableString.Invariant($"fan-out p50/p99/max {Fanout} ms; from ack {FromAck} ms; RSS {IdleRss:N0} -> {EndRss:N0} MiB (peak {PeakRss:N0}), CPU {IdleCpuPercent:N0}% -> {CpuPercent:N0}%, client CPU {ClientCpuPercent:N0}%; ")
            + FormattableString.Invariant($"frame {FrameBytes:N0} B; token lookups in the store {TokenLookupsPerSecond?.ToString("N1", CultureInfo.InvariantCulture) ?? "n/a"}/s; proxy {Proxy}; load {LoadBefore} -> {LoadAfter}");
    }

    private static string Markdown(string header, List<PhaseResult> results)
    {
        var md = new StringBuilder(header);
        md.AppendLine(CultureInfo.InvariantCulture, $"load average after: {Stats.Load()}").AppendLine()
            .AppendLine("Latency in ms, p50 / p99 / max. fan-out: from the server's timestamp on the update (`generatedAt`, when it was serialized for the viewers) to its arrival at a viewer; "
                + "from ack: from the update's acknowledgement (the collector's answer to the health sample; the bare server's answer to /publish) to its arrival; from send: from the POST being sent (the comparable end-to-end figure: the bare server acknowledges after queuing the update, so its from-ack leaves out its own fan-out). "
                + "CPU: the server process, % of one core, over 3 updates before the viewers connected -> over the measured window. Memory per viewer: (RSS at the end - RSS before the viewers connected) / viewers. "
                + "Token lookups: reads of the embed token table per second over the measured window (PostgreSQL's table statistics; n/a on SQLite).")
            .AppendLine()
            .AppendLine("| viewers | server | connected (failed) | connect s | updates | delivered | lost | fan-out ms | from ack ms | from send ms | pipeline ms (ack to generatedAt) p50 / max | frame B | RSS idle -> with viewers MiB | KiB / viewer | CPU % no viewers -> with | client CPU % | token lookups /s | proxy RSS, CPU % | load 1 min |")
            .AppendLine("|---:|---|---:|---:|---:|---:|---:|---|---|---|---|---:|---|---:|---:|---:|---:|---|---:|");
        foreach (var r in results)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Asked:N0} | {r.Target} | {r.Connected:N0} ({r.Failed}) | {r.ConnectSeconds:N1} | {r.Published}/{r.Updates} | {r.Delivered:N0} | {r.Lost:N0} | {r.Fanout} | {r.FromAck} | {r.FromSend} | "
                + $"{Stats.Percentile(r.Pipeline, 0.5):N0} / {(r.Pipeline.Count == 0 ? double.NaN : r.Pipeline[^1]):N0} | {r.FrameBytes:N0} | {r.IdleRss:N0} -> {r.EndRss:N0} | {r.KiBPerViewer:N1} | {r.IdleCpuPercent:N0} -> {r.CpuPercent:N0} | {r.ClientCpuPercent:N0} | {r.TokenLookupsPerSecond?.ToString("N1", CultureInfo.InvariantCulture) ?? "n/a"} | {r.Proxy} | {r.LoadAfter.Split(' ')[0]} |");
        }
        md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Ratios, aggregator / bare, the rounds of each N pooled (p99 of all deliveries; means of RSS, memory and CPU) (target at 10,000 viewers: p99 <= {Target}x the bare stream):").AppendLine()
            .AppendLine("| viewers | rounds | p99 fan-out ms, aggregator / bare | ratio | p99 from send ms, aggregator / bare | ratio | RSS with viewers | memory per viewer | CPU | lost | target (fan-out p99) | target (from send p99) |")
            .AppendLine("|---:|---:|---|---:|---|---:|---:|---:|---:|---:|---|---|");
        foreach (var n in results.Select(r => r.Asked).Distinct())
        {
            var a = results.Where(r => r.Asked == n && r.Target == "aggregator").ToList();
            var b = results.Where(r => r.Asked == n && r.Target == "bare").ToList();
            if (a.Count == 0 || b.Count == 0)
            {
                continue;
            }
            static double P99(IEnumerable<List<double>> samples) => Stats.Percentile([.. samples.SelectMany(s => s).Order()], 0.99);
            var (fanA, fanB) = (P99(a.Select(r => r.FanoutSamples)), P99(b.Select(r => r.FanoutSamples)));
            var (sendA, sendB) = (P99(a.Select(r => r.FromSendSamples)), P99(b.Select(r => r.FromSendSamples)));
            var lost = a.Sum(r => r.Lost);
            string Met(double ratio) => ratio <= Target && lost == 0 ? "met" : "missed";
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {n:N0} | {Math.Min(a.Count, b.Count)} | {fanA:N0} / {fanB:N0} | {fanA / fanB:0.00}x | {sendA:N0} / {sendB:N0} | {sendA / sendB:0.00}x | {a.Average(r => r.EndRss) / b.Average(r => r.EndRss):0.00}x | "
                + $"{a.Average(r => r.KiBPerViewer) / b.Average(r => r.KiBPerViewer):0.00}x | {a.Average(r => r.CpuPercent) / b.Average(r => r.CpuPercent):0.00}x | {lost} | {Met(fanA / fanB)} | {Met(sendA / sendB)} |");
        }
        return md.ToString();
    }
}
