using System.Globalization;
using System.Text;

namespace OpsCenter.Benchmarks;

internal sealed record Measurement(string Engine, string Kind, double BodyBytes, int Connections, string Target, LoadResult Result)
{
    /// <summary>The 1-minute load average when the measurement ended (other work on the machine shows here).</summary>
    public string LoadAfter { get; } = Report.Load().Split(' ')[0];
}

/// <summary>The run's machine, the measurements, and the ratios the targets are stated in.</summary>
internal sealed class Report(IngestSettings settings)
{
    private const double CeilingTarget = 0.5;

    private readonly List<Measurement> _rows = [];
    private string? _header;

    public bool AnyErrors => _rows.Any(r => r.Result.Errors > 0 || r.Result.RequestsPerSecond == 0);

    /// <summary>Taken once, when the run starts (the load average then is what matters).</summary>
    public string Header() => _header ??= string.Create(CultureInfo.InvariantCulture, $"""
        # Ingest benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC
        machine: {Environment.ProcessorCount} cores, {Cpu()}, {Memory()}; .NET {Environment.Version}
        load average before: {Load()}
        settings: {settings.Warmup} s warm-up + {settings.Seconds} s measured, connections {string.Join(',', settings.Connections)}, batches of {IngestKind.BatchSize} items
        """);

    public string Add(Measurement m)
    {
        _rows.Add(m);
        if (settings.Output is { } output)
        {
            // Written after every measurement, so that a run cut short still leaves its figures.
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            File.WriteAllText(output, Markdown());
        }
        var r = m.Result;
        var errors = r.Errors > 0 ? $"  {r.Errors} errors: {r.FirstError}" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{m.Engine,-8} {m.Kind,-13} c={m.Connections,-3} {m.Target,-22} {r.ItemsPerSecond,9:N0} items/s {r.RequestsPerSecond,7:N1} req/s p50 {r.P50Ms,6:N1} ms p99 {r.P99Ms,6:N1} ms{errors}  (load {Load()})");
    }

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine(Header()).AppendLine(CultureInfo.InvariantCulture, $"load average after: {Load()}");
        foreach (var engine in _rows.Select(r => r.Engine).Distinct())
        {
            var rows = _rows.Where(r => r.Engine == engine).ToList();
            md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## {engine}").AppendLine()
                .AppendLine("| kind | body | conns | path | items/s | req/s | p50 ms | p99 ms | errors | load 1 min |")
                .AppendLine("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|");
            foreach (var m in rows)
            {
                var r = m.Result;
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {m.Kind} | {m.BodyBytes / 1024:N0} KB | {m.Connections} | {m.Target} | {r.ItemsPerSecond:N0} | {r.RequestsPerSecond:N1} | {r.P50Ms:N1} | {r.P99Ms:N1} | {r.Errors} | {m.LoadAfter} |");
            }
            md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"### {engine}: ratios (targets: collector via gateway / bare via YARP >= {CeilingTarget}; gateway cost >= bare proxy cost)").AppendLine()
                .AppendLine("| kind | conns | collector / bare, direct | collector via gateway / bare via YARP | gateway cost (via gateway / direct) | bare proxy cost (via YARP / direct) | target met |")
                .AppendLine("|---|---:|---:|---:|---:|---:|---|");
            foreach (var group in rows.GroupBy(r => (r.Kind, r.Connections)))
            {
                if (group.Count() < IngestBenchmark.Targets.Length)
                {
                    continue; // still being measured
                }
                double Items(int target) => group.Single(r => r.Target == IngestBenchmark.Targets[target]).Result.ItemsPerSecond;
                var (bare, bareProxy, collector, gateway) = (Items(0), Items(1), Items(2), Items(3));
                var ceiling = gateway / bareProxy;
                var gatewayCost = gateway / collector;
                var proxyCost = bareProxy / bare;
                var met = ceiling >= CeilingTarget && gatewayCost >= proxyCost ? "yes" : ceiling >= CeilingTarget ? "ceiling yes, gateway no" : gatewayCost >= proxyCost ? "ceiling no, gateway yes" : "no";
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {group.Key.Kind} | {group.Key.Connections} | {collector / bare:0.00}x | {ceiling:0.00}x | {gatewayCost:0.00}x | {proxyCost:0.00}x | {met} |");
            }
        }
        return md.ToString();
    }

    public static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Cpu() => File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
        : "unknown CPU";

    private static string Memory() => File.Exists("/proc/meminfo")
        ? string.Create(CultureInfo.InvariantCulture, $"{long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0 / 1024:0.0} GiB RAM")
        : "unknown memory";
}
