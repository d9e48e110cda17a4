using System.Globalization;

namespace OpsCenter.Benchmarks.Embed;

/// <summary>Resident memory and CPU time of a server process, read from /proc (Linux).</summary>
internal sealed class ProcessUsage(int pid)
{
    private const double TicksPerSecond = 100; // USER_HZ

    public int Pid { get; } = pid;

    /// <summary>
    /// The server process listening at <paramref name="url"/>: the one whose environment holds that
    /// ASPNETCORE_URLS (servers are started through neutral links, so the name would not tell).
    /// </summary>
    public static ProcessUsage Of(Uri url)
    {
        var wanted = "ASPNETCORE_URLS=" + url;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "environ")).Split('\0').Contains(wanted, StringComparer.Ordinal))
                {
                    return new ProcessUsage(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        throw new InvalidOperationException($"No process found serving {url}.");
    }

    public static ProcessUsage Self => new(Environment.ProcessId);

    /// <summary>Resident set size in MiB (VmRSS).</summary>
    public double RssMiB => StatusKb("VmRSS:") / 1024.0;

    /// <summary>User + system CPU seconds so far.</summary>
    public double CpuSeconds
    {
        get
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{Pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            }
            catch (IOException)
            {
                return double.NaN;
            }
        }
    }

    private double StatusKb(string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{Pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? double.NaN : double.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}

/// <summary>Percentiles of a set of samples (nearest rank).</summary>
internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string Load() => Report.Load();

    public static string Machine() => FormattableString.Invariant(
        $"{Environment.ProcessorCount} cores, {Cpu()}, .NET {Environment.Version}, open-files limit {OpenFilesLimit()}");

    private static string Cpu() => File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
        : "unknown CPU";

    public static long OpenFilesLimit()
    {
        var line = File.Exists("/proc/self/limits") ? File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal)) : null;
        var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is { Length: > 4 } && long.TryParse(parts[3], CultureInfo.InvariantCulture, out var soft) ? soft : -1;
    }
}
