using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpsCenter.Tests;

/// <summary>
/// The whole center from the real AppHost, started once per test assembly (a start costs ~25 s):
/// random ports, a throwaway data folder, known keys, every resource healthy before any test.
/// Fixtures differ only in the AppHost arguments they add. Linked into every whole-system project.
/// </summary>
public abstract class RunningCenter(string name, string sourceKey, string serviceKey) : IAsyncLifetime
{
    public static readonly string[] Resources = ["collector", "aggregator", "wall", "gateway", "simulator"];

    /// <summary>The collector's admin key (the Wall holds the same one).</summary>
    public const string AdminKey = "test-admin-key-0123456789";

    /// <summary>The seeded administrator "admin" signs in with this password.</summary>
    public const string AdminPassword = "test-admin-password";

    /// <summary>A configured wall screen: a browser holding this token in its device cookie opens any wall view.</summary>
    public const string WallDeviceToken = "test-wall-device-token-0123456789";

    private readonly string _dataPath = Directory.CreateTempSubdirectory($"opscenter-{name}-").FullName;

    /// <summary>The center's data folder (the embedded store's file is in it).</summary>
    public string DataPath => _dataPath;

    /// <summary>A copy of dashboards/walls that the Wall watches: tests may add views to it.</summary>
    public string LayoutsPath => Path.Combine(_dataPath, "walls");
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The center is not started.");

    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>Runs from the start of the center.</summary>
    public Stopwatch SinceStart { get; } = new();

    /// <summary>From the start until every resource was healthy.</summary>
    public TimeSpan HealthyAfter { get; private set; }

    /// <summary>AppHost arguments beside the data folder and the keys.</summary>
    protected abstract IEnumerable<string> Arguments { get; }

    public async ValueTask InitializeAsync()
    {
        Environment.SetEnvironmentVariable("ASPIRE_ALLOW_UNSECURED_TRANSPORT", "true");
        Directory.CreateDirectory(LayoutsPath);
        foreach (var layout in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "dashboards", "walls"), "*.json"))
        {
            File.Copy(layout, Path.Combine(LayoutsPath, Path.GetFileName(layout)), overwrite: true);
        }
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.OpsCenter_AppHost>(
            [
                $"--OpsCenter:DataPath={_dataPath}",
                $"--OpsCenter:SimulatorKey={sourceKey}",
                $"--OpsCenter:WallServiceKey={serviceKey}",
                $"--OpsCenter:AdminKey={AdminKey}",
                $"--OpsCenter:AdminPassword={AdminPassword}",
                $"--OpsCenter:WallDeviceToken={WallDeviceToken}",
                $"--OpsCenter:WallLayoutsPath={LayoutsPath}",
                // The alert mail inbox's web port (5085 on the README's command) is one of the test's own.
                $"--OpsCenter:InboxPort={FreePort()}",
                .. TestClock.AppHostArguments,
                .. Arguments,
            ],
            TestContext.Current.CancellationToken);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        _app = await builder.BuildAsync(TestContext.Current.CancellationToken);

        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        SinceStart.Start();
        await _app.StartAsync(startup.Token);
        foreach (var resource in Resources)
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, startup.Token);
        }
        HealthyAfter = SinceStart.Elapsed;
        GatewayUrl = _app.GetEndpoint("gateway", "http");
    }

    /// <summary>
    /// The address a service's own process listens on, past Aspire's development proxy (through which
    /// every connection arrives from 127.0.0.1): for tests about who connects, such as which proxy a
    /// service trusts or whose address a limit counts.
    /// </summary>
    public async Task<Uri> ProcessUrlAsync(string resource)
    {
        var state = await App.ResourceNotifications.WaitForResourceAsync(resource,
            e => e.Snapshot.EnvironmentVariables.Any(v => v.Name == "ASPNETCORE_URLS" && !string.IsNullOrEmpty(v.Value)),
            TestContext.Current.CancellationToken);
        var urls = state.Snapshot.EnvironmentVariables.First(v => v.Name == "ASPNETCORE_URLS").Value!;
        // "localhost" listens on 127.0.0.1 and ::1; the tests connect over IPv4 from addresses of their choosing.
        return new UriBuilder(urls.Split(';')[0]) { Host = "127.0.0.1" }.Uri;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
            // A service may still hold the file for a moment; the folder is under /tmp anyway.
        }
        GC.SuppressFinalize(this);
    }
}
