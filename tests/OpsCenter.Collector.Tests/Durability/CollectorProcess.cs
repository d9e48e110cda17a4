using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OpsCenter.Collector.Tests.Durability;

/// <summary>The real collector as its own process (so that it can be killed with SIGKILL), on a free port.</summary>
public sealed class CollectorProcess : IDisposable
{
    private readonly Dictionary<string, string> _environment;
    private Process? _process;

    public CollectorProcess(string dataPath, string sourceKey)
    {
        Port = FreePort();
        _environment = new()
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Store__DataPath"] = dataPath,
            ["Collector__SeedSources__0__Id"] = "durability",
            ["Collector__SeedSources__0__Name"] = "durability",
            ["Collector__SeedSources__0__Key"] = sourceKey,
            ["Collector__SeedSources__0__Kinds__0"] = "health",
            ["Collector__RateLimit__RequestsPerSecond"] = "100000",
            ["Collector__RateLimit__Burst"] = "100000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "OpsCenter.Collector.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (name, value) in _environment)
        {
            info.Environment[name] = value;
        }
        _process = Process.Start(info) ?? throw new InvalidOperationException("The collector did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                using var response = await client.GetAsync(new Uri(Url, "/health"));
                return response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, because: "the collector healthy");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, exactly like a crash.</summary>
    public void Kill()
    {
        _process?.Kill(entireProcessTree: true);
        _process?.WaitForExit();
        _process?.Dispose();
        _process = null;
    }

    public void Dispose() => Kill();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
