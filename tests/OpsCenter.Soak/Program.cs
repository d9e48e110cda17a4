using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Playwright;

// Keeps one wall open in headless Chromium, as a wall screen would, and records every few minutes
// the page's JavaScript heap and DOM size (Chrome DevTools Protocol) and the Wall server's resident
// memory (/proc). Usage:
//   OpsCenter.Soak --url http://localhost:5080 --token <device token> --minutes 60 --view city --output soak.md
var options = Args.Parse(args);
var url = new Uri(options.GetValueOrDefault("url", "http://localhost:5080"));
var token = options.GetValueOrDefault("token") ?? throw new ArgumentException("--token <device token> is required.");
var minutes = double.Parse(options.GetValueOrDefault("minutes", "60"), CultureInfo.InvariantCulture);
var every = TimeSpan.FromMinutes(double.Parse(options.GetValueOrDefault("every", "5"), CultureInfo.InvariantCulture));
var view = options.GetValueOrDefault("view", "city");
var output = options.GetValueOrDefault("output", "soak-results.md");
var wallMatch = options.GetValueOrDefault("wall-process", "OpsCenter.Wall");

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--enable-precise-memory-info"],
});
var context = await browser.NewContextAsync(new BrowserNewContextOptions
{
    ViewportSize = new ViewportSize { Width = 1920, Height = 1080 }, Locale = "vi-VN", TimezoneId = "Asia/Ho_Chi_Minh",
});
await context.AddCookiesAsync([new Cookie { Name = "opscenter.device", Value = token, Url = url.GetLeftPart(UriPartial.Authority) }]);
var page = await context.NewPageAsync();
await page.GotoAsync(new Uri(url, $"/wall/{view}").ToString());
await page.WaitForSelectorAsync(".wall", new PageWaitForSelectorOptions { Timeout = 60_000 });
var cdp = await context.NewCDPSessionAsync(page);
await cdp.SendAsync("Performance.enable");

var rows = new List<Sample>();
var clock = Stopwatch.StartNew();
var end = TimeSpan.FromMinutes(minutes);
while (true)
{
    // Collect garbage first so the heap figure is what the page holds, not what it has not freed yet.
    await cdp.SendAsync("HeapProfiler.collectGarbage");
    var metrics = await cdp.SendAsync("Performance.getMetrics");
    double Metric(string name) => metrics!.Value.GetProperty("metrics").EnumerateArray()
        .First(m => m.GetProperty("name").GetString() == name).GetProperty("value").GetDouble();
    var sample = new Sample(clock.Elapsed, Metric("JSHeapUsedSize") / 1048576, (int)Metric("Nodes"), (int)Metric("JSEventListeners"),
        WallRssMb(wallMatch), await WallManagedMbAsync(wallMatch), await page.Locator(".wall").CountAsync() == 1, await page.Locator(".tile").CountAsync());
    rows.Add(sample);
    Console.WriteLine(sample);
    if (clock.Elapsed >= end)
    {
        break;
    }
    await Task.Delay(every < end - clock.Elapsed ? every : end - clock.Elapsed);
}

var first = rows[0];
var last = rows[^1];
var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"Soak of `/wall/{view}` for {clock.Elapsed.TotalMinutes:0} min, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, sample every {every.TotalMinutes:0} min (after a forced GC in the page).");
report.AppendLine();
report.AppendLine("| minute | JS heap used (MB) | DOM nodes | JS listeners | Wall server RSS (MB) | Wall managed heap (MB) | wall shown | tiles |");
report.AppendLine("|---:|---:|---:|---:|---:|---:|---|---:|");
foreach (var r in rows)
{
    report.AppendLine(CultureInfo.InvariantCulture, $"| {r.At.TotalMinutes:0} | {r.HeapMb:0.0} | {r.Nodes:N0} | {r.Listeners:N0} | {r.WallRssMb:0} | {r.WallManagedMb:0} | {(r.WallShown ? "yes" : "NO")} | {r.Tiles} |");
}
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture,
    $"End vs start: JS heap {last.HeapMb / first.HeapMb:0.00}x, DOM nodes {(double)last.Nodes / first.Nodes:0.00}x, Wall server RSS {last.WallRssMb / first.WallRssMb:0.00}x, Wall managed heap {last.WallManagedMb / first.WallManagedMb:0.00}x (target: flat within 10%).");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, report.ToString());
Console.WriteLine(report);

// The Wall server's process folder under /proc (not this tool, not `dotnet run`), or null.
static string? WallProcess(string match)
{
    foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
    {
        try
        {
            var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            if (cmdline.Contains(match, StringComparison.Ordinal) && !cmdline.Contains("OpsCenter.Soak", StringComparison.Ordinal) && !cmdline.Contains("dotnet run", StringComparison.Ordinal))
            {
                return dir;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process ended while we looked.
        }
    }
    return null;
}

// The Wall's own figure of its managed heap (prometheus-net's dotnet_total_memory_bytes at /metrics):
// RSS alone cannot tell a leak from a garbage collector that has not needed to collect yet.
static async Task<double> WallManagedMbAsync(string match)
{
    try
    {
        var urls = WallProcess(match) is { } dir
            ? File.ReadAllText(Path.Combine(dir, "environ")).Split('\0').FirstOrDefault(v => v.StartsWith("ASPNETCORE_URLS=", StringComparison.Ordinal))
            : null;
        if (urls is null)
        {
            return double.NaN;
        }
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var metrics = await http.GetStringAsync(urls["ASPNETCORE_URLS=".Length..].Split(';')[0].TrimEnd('/') + "/metrics");
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("dotnet_total_memory_bytes ", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture) / 1048576;
    }
    catch (Exception e) when (e is IOException or HttpRequestException or UnauthorizedAccessException or TaskCanceledException)
    {
        return double.NaN;
    }
}

static double WallRssMb(string match)
{
    try
    {
        var rss = WallProcess(match) is { } dir ? File.ReadLines(Path.Combine(dir, "status")).First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) : null;
        return rss is null ? double.NaN : double.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
    catch (IOException)
    {
        return double.NaN;
    }
}

internal sealed record Sample(TimeSpan At, double HeapMb, int Nodes, int Listeners, double WallRssMb, double WallManagedMb, bool WallShown, int Tiles);

internal static class Args
{
    public static Dictionary<string, string> Parse(string[] args)
    {
        var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            parsed[args[i].TrimStart('-')] = args[i + 1];
        }
        return parsed;
    }
}
