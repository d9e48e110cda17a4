namespace OpsCenter.Benchmarks;

/// <summary>
/// For each engine and kind, a fresh set of four servers (bare endpoint, bare YARP proxy in front of
/// it, the real collector, the real gateway in front of it), each loaded in turn, so ratios compare
/// runs taken minutes apart on the same machine.
/// </summary>
internal static class IngestBenchmark
{
    public const string Key = "bench-key-0123456789abcdef";

    public static readonly string[] Targets = ["bare direct", "bare via YARP", "collector direct", "collector via gateway"];

    public static async Task<int> RunAsync(IngestSettings settings)
    {
        var report = new Report(settings);
        Console.WriteLine(report.Header());
        await using var postgres = settings.Engines.Contains("postgres") ? await PostgresServer.StartAsync() : null;
        foreach (var engine in settings.Engines)
        {
            foreach (var kind in settings.Kinds)
            {
                var bodies = kind.Bodies();
                using var servers = await Servers.StartAsync(engine, kind, postgres);
                foreach (var connections in settings.Connections)
                {
                    for (var t = 0; t < Targets.Length; t++)
                    {
                        var url = new Uri(servers.Urls[t], $"/api/ingest/v1/{kind.Path}");
                        var result = await LoadGenerator.RunAsync(url, Key, bodies, connections,
                            TimeSpan.FromSeconds(settings.Warmup), TimeSpan.FromSeconds(settings.Seconds));
                        Console.WriteLine(report.Add(new Measurement(engine, kind.Path, bodies.Average(b => b.Length), connections, Targets[t], result)));
                        if (result.Errors > 0)
                        {
                            Console.WriteLine($"   last output of the server behind it:\n{servers.Processes[t < 2 ? 0 : 2].LastOutput}");
                        }
                    }
                }
            }
        }
        var markdown = report.Markdown();
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (settings.Output is { } output)
        {
            await File.WriteAllTextAsync(output, markdown);
            Console.WriteLine($"Written to {Path.GetFullPath(output)}");
        }
        return report.AnyErrors ? 1 : 0;
    }

    /// <summary>The four servers of one engine and kind, each with an empty store.</summary>
    private sealed class Servers : IDisposable
    {
        public List<ServerProcess> Processes { get; } = [];
        private readonly string _folder = Directory.CreateTempSubdirectory("opscenter-bench.").FullName;

        public List<Uri> Urls { get; } = [];

        public static async Task<Servers> StartAsync(string engine, IngestKind kind, PostgresServer? postgres)
        {
            var servers = new Servers();
            try
            {
                var self = typeof(Servers).Assembly.Location;
                var bareStore = engine == "postgres" ? await postgres!.CreateDatabaseAsync("bare") : Path.Combine(servers._folder, "bare.db");
                var bare = await servers.AddAsync(self, ["bare-server", "{port}", engine, bareStore], new Dictionary<string, string>());
                await servers.AddAsync(self, ["bare-proxy", "{port}", bare.Url.ToString()], new Dictionary<string, string>());

                var collectorEnvironment = new Dictionary<string, string>
                {
                    ["Store__DataPath"] = Path.Combine(servers._folder, "collector"),
                    ["Collector__SeedSources__0__Id"] = "bench",
                    ["Collector__SeedSources__0__Name"] = "bench",
                    ["Collector__SeedSources__0__Key"] = Key,
                    ["Collector__RateLimit__RequestsPerSecond"] = "100000",
                    ["Collector__RateLimit__Burst"] = "100000",
                };
                for (var i = 0; i < IngestKind.All.Count; i++)
                {
                    collectorEnvironment[$"Collector__SeedSources__0__Kinds__{i}"] = IngestKind.All[i].DataKind;
                }
                if (engine == "postgres")
                {
                    collectorEnvironment["Store__Provider"] = "postgres";
                    collectorEnvironment["Store__ConnectionString"] = await postgres!.CreateDatabaseAsync("collector");
                }
                var collector = await servers.AddAsync(Dll("OpsCenter.Collector"), [], collectorEnvironment);
                await servers.AddAsync(Dll("OpsCenter.Gateway"), [], new Dictionary<string, string>
                {
                    ["ReverseProxy__Clusters__collector__Destinations__d1__Address"] = collector.Url.ToString(),
                    ["ReverseProxy__Clusters__aggregator__Destinations__d1__Address"] = "http://127.0.0.1:9",
                    ["ReverseProxy__Clusters__wall__Destinations__d1__Address"] = "http://127.0.0.1:9",
                });
                Console.WriteLine($"   {engine}/{kind.Path}: servers up ({string.Join(", ", servers.Urls)})");
                return servers;
            }
            catch
            {
                servers.Dispose();
                throw;
            }
        }

        private static string Dll(string project) => Path.Combine(ServerProcess.OutputOf(project), project + ".dll");

        private async Task<ServerProcess> AddAsync(string dll, string[] args, Dictionary<string, string> environment)
        {
            var process = await ServerProcess.StartAsync(dll, args, environment);
            Processes.Add(process);
            Urls.Add(process.Url);
            return process;
        }

        public void Dispose()
        {
            foreach (var process in Processes)
            {
                process.Dispose();
            }
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
