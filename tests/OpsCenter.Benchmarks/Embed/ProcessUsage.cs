using System.Globalization;

using OpsCenter.Benchmarks.Live;

namespace OpsCenter.Benchmarks.Embed;

/// <summary>A server process found by the address it serves, with its memory and CPU time (<see cref="ProcStats"/>).</summary>
internal sealed class ProcessUsage(int pid)
{
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
    public double RssMiB => ProcStats.RssMiB(Pid);

    /// <summary>User + system CPU seconds so far.</summary>
    public double CpuSeconds => ProcStats.CpuSeconds(Pid);
}

/// <summary>Percentiles of a set of samples (nearest rank).</summary>
internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string Load() => Report.Load();

    public static string Machine() => FormattableString.Invariant(
        $"{Environment.ProcessorCount} cores, {Live.Machine.Cpu()}, .NET {Environment.Version}, open-files limit {OpenFilesLimit()}");

    public static long OpenFilesLimit() => ProcStats.OpenFilesLimit();
}
