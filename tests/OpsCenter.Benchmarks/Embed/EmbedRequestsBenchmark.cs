using System.Globalization;
using System.Text;

namespace OpsCenter.Benchmarks.Embed;

/// <summary>
/// <c>embed-requests</c>: badge.svg and status.json requests per second, with and without
/// If-None-Match, on the aggregator directly and through the gateway, beside the bare embed server
/// returning the same bytes (with the same ETag) directly and behind a bare YARP proxy.
/// </summary>
internal static class EmbedRequestsBenchmark
{
    private static readonly string[] Targets = ["bare direct", "bare via YARP", "aggregator direct", "aggregator via gateway"];

    private sealed record Row(string Path, bool Conditional, int Connections, string Target, GetLoadResult Result, string Load);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var connections = Option(args, "--connections", "16,64").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
        var paths = Option(args, "--paths", "badge.svg,status.json").Split(',');
        var seconds = int.Parse(Option(args, "--seconds", "8"), CultureInfo.InvariantCulture);
        var warmup = int.Parse(Option(args, "--warmup", "2"), CultureInfo.InvariantCulture);
        var output = Option(args, "--output", "");
        var header = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# Embed requests, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC")
            .AppendLine(CultureInfo.InvariantCulture, $"machine: {Stats.Machine()}")
            .AppendLine(CultureInfo.InvariantCulture, $"load average before: {Stats.Load()}")
            .AppendLine(CultureInfo.InvariantCulture, $"settings: {warmup} s warm-up + {seconds} s measured per row, connections {string.Join(',', connections)}, keep-alive raw HTTP/1.1 GETs, one unit, one token")
            .ToString();
        Console.WriteLine(header);

        using var servers = await EmbedServers.StartAsync();
        var aggregator = await servers.StartAggregatorAsync();
        var gateway = await servers.StartGatewayAsync();
        var bare = await servers.StartBareAsync(proxy: true);
        Uri[] bases = [bare.Url, servers.BareProxy!.Url, aggregator.Url, gateway.Url];
        using var http = new HttpClient();

        var rows = new List<Row>();
        foreach (var path in paths)
        {
            foreach (var conditional in new[] { false, true })
            {
                foreach (var c in connections)
                {
                    for (var t = 0; t < Targets.Length; t++)
                    {
                        var url = servers.EmbedUri(bases[t], path);
                        string? etag = null;
                        if (conditional)
                        {
                            using var first = await http.GetAsync(url);
                            etag = first.Headers.ETag?.ToString() ?? throw new InvalidOperationException($"{Targets[t]} {path}: no ETag");
                        }
                        var result = await RawGetLoad.RunAsync(url, etag, c, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(seconds));
                        var row = new Row(path, conditional, c, Targets[t], result, Stats.Load().Split(' ')[0]);
                        rows.Add(row);
                        Console.WriteLine(FormattableString.Invariant(
                            $"{path,-12} {(conditional ? "If-None-Match" : "plain"),-13} c={c,-3} {Targets[t],-23} {result.RequestsPerSecond,9:N0} req/s p50 {result.P50Ms,6:N2} ms p99 {result.P99Ms,6:N2} ms 200={result.Ok200} 304={result.NotModified304} other={result.Other} {result.FirstError} (load {row.Load})"));
                        if (output.Length > 0)
                        {
                            await File.WriteAllTextAsync(output, Markdown(header, rows));
                        }
                    }
                }
            }
        }
        var markdown = Markdown(header, rows);
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (output.Length > 0)
        {
            await File.WriteAllTextAsync(output, markdown);
            Console.WriteLine($"Written to {Path.GetFullPath(output)}");
        }
        return rows.Any(r => r.Result.Other > 0) ? 1 : 0;
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

    private static string Markdown(string header, List<Row> rows)
    {
        var md = new StringBuilder(header);
        md.AppendLine(CultureInfo.InvariantCulture, $"load average after: {Stats.Load()}").AppendLine()
            .AppendLine("| path | If-None-Match | conns | target | req/s | p50 ms | p99 ms | 200 | 304 | errors | body B | load 1 min |")
            .AppendLine("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            var x = r.Result;
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Path} | {(r.Conditional ? "yes" : "no")} | {r.Connections} | {r.Target} | {x.RequestsPerSecond:N0} | {x.P50Ms:N2} | {x.P99Ms:N2} | {x.Ok200:N0} | {x.NotModified304:N0} | {x.Other} | {x.BodyBytes:N0} | {r.Load} |");
        }
        md.AppendLine().AppendLine("Ratios (req/s): aggregator / bare, direct; aggregator via gateway / bare via YARP; gateway cost (via gateway / direct) beside bare proxy cost (via YARP / direct).").AppendLine()
            .AppendLine("| path | If-None-Match | conns | aggregator / bare, direct | via gateway / bare via YARP | gateway cost | bare proxy cost |")
            .AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var g in rows.GroupBy(r => (r.Path, r.Conditional, r.Connections)))
        {
            if (g.Count() < Targets.Length)
            {
                continue;
            }
            double Rps(int t) => g.Single(r => r.Target == Targets[t]).Result.RequestsPerSecond;
            var (bare, bareProxy, aggregator, gateway) = (Rps(0), Rps(1), Rps(2), Rps(3));
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {g.Key.Path} | {(g.Key.Conditional ? "yes" : "no")} | {g.Key.Connections} | {aggregator / bare:0.00}x | {gateway / bareProxy:0.00}x | {gateway / aggregator:0.00}x | {bareProxy / bare:0.00}x |");
        }
        return md.ToString();
    }
}
