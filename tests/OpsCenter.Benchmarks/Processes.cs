using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OpsCenter.Benchmarks;

/// <summary>A server started as its own process on a free loopback port, killed on dispose.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private readonly string _link;

    private ServerProcess(Process process, Uri url, string link)
    {
        _process = process;
        Url = url;
        _link = link;
    }

    public Uri Url { get; }

    public int Pid => _process.Id;

    /// <summary>From starting the process to its first healthy answer on /health.</summary>
    public TimeSpan HealthyAfter { get; private set; }

    /// <summary>The built output folder of a project of the repository, in this build's configuration (Release/Debug).</summary>
    public static string OutputOf(string project)
    {
        var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = own.Parent!.Name;
        return Path.Combine(RepositoryPaths.Root, "src", project, "bin", configuration, own.Name);
    }


    /// <summary>Starts the app host of the dll in its folder and waits until GET /health answers.</summary>
    public static async Task<ServerProcess> StartAsync(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, TimeSpan? healthTimeout = null)
    {
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        var arguments = args.Select(a => a.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).ToList();
        var link = NeutralName(Path.ChangeExtension(dll, null));
        var info = new ProcessStartInfo(link, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.Environment["ASPNETCORE_URLS"] = url.ToString();
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        var started = Stopwatch.GetTimestamp();
        var server = new ServerProcess(Process.Start(info) ?? throw new InvalidOperationException($"{dll} did not start."), url, link);
        server._process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        await server.WaitHealthyAsync(Path.GetFileName(dll), healthTimeout ?? TimeSpan.FromSeconds(60));
        server.HealthyAfter = Stopwatch.GetElapsedTime(started);
        return server;
    }

    /// <summary>The last lines the server wrote (warnings and errors only, by its logging settings).</summary>
    public string LastOutput
    {
        get
        {
            lock (_lastLines)
            {
                return string.Join('\n', _lastLines);
            }
        }
    }

    /// <summary>
    /// The app host through a symbolic link of a neutral name: on a shared machine, other work may
    /// end its own servers with a broad <c>pkill -f OpsCenter</c>, which must not end this run's.
    /// </summary>
    private static string NeutralName(string appHost)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ingest-bench-hosts")).FullName;
        var link = Path.Combine(folder, $"server-{Guid.NewGuid():N}"[..15]);
        File.CreateSymbolicLink(link, appHost);
        return link;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 200)
            {
                _lastLines.Dequeue();
            }
        }
    }

    private async Task WaitHealthyAsync(string name, TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await client.GetAsync(new Uri(Url, "/health"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(50);
        }
        var output = LastOutput;
        Dispose();
        throw new InvalidOperationException($"{name} did not become healthy on {Url}; its last output:\n{output}");
    }

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
        File.Delete(_link);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// PostgreSQL for the run: OPSCENTER_TEST_POSTGRES when set, otherwise a throwaway cluster started
/// as tests/run-tests.sh does (Debian's binaries, the postgres user when root, trust auth, stock settings).
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly string? _bin;
    private readonly List<string> _databases = [];

    private PostgresServer(string connectionString, string? folder, string? bin)
    {
        ConnectionString = connectionString;
        _folder = folder;
        _bin = bin;
    }

    public string ConnectionString { get; }

    public static async Task<PostgresServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("OPSCENTER_TEST_POSTGRES") is { Length: > 0 } given)
        {
            return new PostgresServer(given, null, null);
        }
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb"))).Order().LastOrDefault()
            ?? throw new InvalidOperationException("No PostgreSQL server: apt-get install postgresql, or set OPSCENTER_TEST_POSTGRES.");
        var folder = Directory.CreateTempSubdirectory("opscenter-bench-pg.").FullName;
        var root = Environment.UserName == "root";
        if (root)
        {
            await RunAsync("chown", ["postgres:", folder], folder);
        }
        var port = ServerProcess.FreePort();
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", $"{folder}/data", "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], folder, root);
        await RunAsync(Path.Combine(bin, "pg_ctl"),
            ["-D", $"{folder}/data", "-l", $"{folder}/server.log", "-w", "-t", "60",
             "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c max_connections=200", "start"], folder, root);
        return new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres", folder, bin);
    }

    /// <summary>A fresh database for one server of one measurement; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        name = $"opscenter_bench_{name}_{Guid.NewGuid():N}"[..40];
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name, MaxPoolSize = 200 }.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_folder is null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            foreach (var name in _databases)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
            return;
        }
        await RunAsync(Path.Combine(_bin!, "pg_ctl"), ["-D", $"{_folder}/data", "-m", "immediate", "stop"], _folder, Environment.UserName == "root");
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task RunAsync(string file, IEnumerable<string> args, string folder, bool asPostgres = false)
    {
        var info = asPostgres ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args]) : new ProcessStartInfo(file, args);
        info.WorkingDirectory = folder;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
