using System.Globalization;

namespace OpsCenter.Benchmarks.Live;

/// <summary>Resident memory and CPU time of a process, from /proc (Linux).</summary>
internal static class ProcStats
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Resident set size in MiB (VmRSS), or NaN when the process is gone.</summary>
    public static double RssMiB(int pid) => StatusKb(pid, "VmRSS:") / 1024.0;

    /// <summary>Peak resident set size in MiB (VmHWM).</summary>
    public static double PeakRssMiB(int pid) => StatusKb(pid, "VmHWM:") / 1024.0;

    /// <summary>User + system CPU seconds used so far.</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may hold spaces) start after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>The soft limit on open files of this process.</summary>
    public static long OpenFilesLimit()
    {
        var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is { Length: > 4 } && long.TryParse(parts[3], CultureInfo.InvariantCulture, out var soft) ? soft : -1;
    }

    private static double StatusKb(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? double.NaN : double.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}

/// <summary>A latency histogram with 0.1 ms buckets up to 120 s, safe to record into from many threads.</summary>
internal sealed class Histogram
{
    private const double Resolution = 0.1;
    private readonly long[] _buckets = new long[1_200_001];
    private long _count;
    private double _maxMs;
    private readonly Lock _maxLock = new();

    public long Count => Interlocked.Read(ref _count);

    public void Record(double ms)
    {
        var bucket = (int)Math.Clamp(Math.Round(ms / Resolution), 0, _buckets.Length - 1);
        Interlocked.Increment(ref _buckets[bucket]);
        Interlocked.Increment(ref _count);
        if (ms > _maxMs)
        {
            lock (_maxLock)
            {
                _maxMs = Math.Max(_maxMs, ms);
            }
        }
    }

    public double Max => _maxMs;

    /// <summary>All recordings of several histograms in one.</summary>
    public static Histogram Merge(IEnumerable<Histogram> parts)
    {
        var merged = new Histogram();
        foreach (var part in parts)
        {
            for (var i = 0; i < part._buckets.Length; i++)
            {
                merged._buckets[i] += part._buckets[i];
            }
            merged._count += part._count;
            merged._maxMs = Math.Max(merged._maxMs, part._maxMs);
        }
        return merged;
    }

    public double Percentile(double p)
    {
        var count = Count;
        if (count == 0)
        {
            return double.NaN;
        }
        var rank = (long)Math.Ceiling(p * count);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += _buckets[i];
            if (seen >= rank)
            {
                return i * Resolution;
            }
        }
        return _maxMs;
    }
}
