using System.Globalization;
using System.Security.Cryptography;
using OpsCenter.Simulator.City;

/// <summary>
/// The configuration each service gets, as the names its options bind (<c>Section__Key__0__Field</c>),
/// so that AppHost.cs reads as the topology: resources, their references and what they wait for.
/// </summary>
internal static class Extensions
{
    /// <summary>The event store: the SQLite file under the data folder, or PostgreSQL when a connection string is configured; and the unit list.</summary>
    public static IResourceBuilder<ProjectResource> WithStore(this IResourceBuilder<ProjectResource> project, CenterSettings center) => project
        .WithEnvironment("Store__DataPath", center.DataPath)
        .WithEnvironment(context =>
        {
            if (!string.IsNullOrWhiteSpace(center.Postgres))
            {
                context.EnvironmentVariables["Store__Provider"] = "postgres";
                context.EnvironmentVariables["Store__ConnectionString"] = center.Postgres;
            }
        })
        .WithEnvironment("Units__Catalogue", center.Catalogue);

    /// <summary>The simulator as the collector's first seeded source: every kind it sends, with its key.</summary>
    public static IResourceBuilder<ProjectResource> WithSimulatorSource(this IResourceBuilder<ProjectResource> collector, CenterSettings center)
    {
        const string Source = "Collector__SeedSources__0__";
        collector
            .WithEnvironment(Source + "Id", "simulator")
            .WithEnvironment(Source + "Name", "OpsCenter simulator (all HCMC units)");
        string[] kinds = ["health", "dossier", "backlog", "index", "incident"];
        for (var i = 0; i < kinds.Length; i++)
        {
            collector.WithEnvironment($"{Source}Kinds__{i}", kinds[i]);
        }
        return collector
            .WithEnvironment(Source + "ExpectedInterval", center.SimulatorInterval)
            .WithEnvironment(Source + "Key", center.SimulatorKey);
    }

    /// <summary>
    /// Seeded sources 1.. : one civil-status system per unit that the collector polls at the
    /// simulator's health endpoints, and the simulator's host and port allow-listed for the poller
    /// (it refuses loopback and private addresses otherwise).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPolledSources(this IResourceBuilder<ProjectResource> collector, IReadOnlyList<string> units, EndpointReference simulator)
    {
        for (var i = 0; i < units.Count; i++)
        {
            var unit = units[i];
            var source = $"Collector__SeedSources__{i + 1}__";
            collector
                .WithEnvironment(source + "Id", $"pull-{unit}-civil-status")
                .WithEnvironment(source + "Name", $"Hộ tịch {unit} (polled)")
                .WithEnvironment(source + "Kinds__0", "health")
                .WithEnvironment(source + "Units__0", unit)
                .WithEnvironment(source + "ExpectedInterval", "00:00:15")
                .WithEnvironment(source + "HealthSystem", "civil-status")
                .WithEnvironment(source + "HealthUrl", ReferenceExpression.Create($"{simulator}/pull/{unit}/civil-status"));
        }
        return units.Count == 0 ? collector
            : collector.WithEnvironment("Collector__Pull__AllowedTargets__0", ReferenceExpression.Create($"{simulator.Property(EndpointProperty.HostAndPort)}"));
    }

    /// <summary>
    /// Every source's request rate: the simulator's 30-day backfill sends ~8,800 batches as fast as
    /// the store takes them (about 45 a second on the shared 2-core machine); the default 50/s per
    /// source would throttle it, so 200/s, burst 400 in this development setup (docs/SIMULATOR.md).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDevelopmentRateLimit(this IResourceBuilder<ProjectResource> collector) => collector
        .WithEnvironment("Collector__RateLimit__RequestsPerSecond", "200")
        .WithEnvironment("Collector__RateLimit__Burst", "400");

    /// <summary>The collector's admin keys: the operator's, and the aggregator's of the alert-writer role.</summary>
    public static IResourceBuilder<ProjectResource> WithAdminKeys(this IResourceBuilder<ProjectResource> collector, CenterSettings center) => collector
        .WithEnvironment("Collector__Admin__Keys__0__Name", "operator")
        .WithEnvironment("Collector__Admin__Keys__0__Key", center.AdminKey)
        .WithEnvironment("Collector__Admin__Keys__1__Name", "aggregator")
        .WithEnvironment("Collector__Admin__Keys__1__Key", center.AlertWriterKey)
        .WithEnvironment("Collector__Admin__Keys__1__Role", "alert-writer");

    /// <summary>Alert rules seeded from their folder, and the key that signs the links in alert mails.</summary>
    public static IResourceBuilder<ProjectResource> WithAlertRules(this IResourceBuilder<ProjectResource> collector, CenterSettings center) => collector
        .WithEnvironment("Alerts__LinkKey", center.AlertLinkKey)
        .WithEnvironment("Alerts__RulesFolder", center.AlertRules);

    /// <summary>The first administrator, "admin", and the first sign-in wait after five failures.</summary>
    public static IResourceBuilder<ProjectResource> WithPeople(this IResourceBuilder<ProjectResource> collector, CenterSettings center) => collector
        .WithEnvironment("Collector__People__Seed__0__Username", "admin")
        .WithEnvironment("Collector__People__Seed__0__DisplayName", "Quản trị viên")
        .WithEnvironment("Collector__People__Seed__0__Role", "admin")
        .WithEnvironment("Collector__People__Seed__0__Password", center.AdminPassword)
        .WithEnvironment("Collector__People__FirstDelay", center.SignInFirstDelay);

    /// <summary>The aggregator's readers: the Wall's service key, and the keys of readers of one unit (tests).</summary>
    public static IResourceBuilder<ProjectResource> WithReaderKeys(this IResourceBuilder<ProjectResource> aggregator, CenterSettings center) => aggregator
        .WithEnvironment("Readers__ServiceKeys__0", center.WallServiceKey)
        .WithEnvironment(context =>
        {
            for (var i = 0; i < center.ScopedReaders.Count; i++)
            {
                context.EnvironmentVariables[$"Readers__ScopedKeys__{i}__Key"] = center.ScopedReaders[i].Key;
                context.EnvironmentVariables[$"Readers__ScopedKeys__{i}__Unit"] = center.ScopedReaders[i].Unit;
            }
        });

    /// <summary>How the aggregator writes alert transitions (through the collector, with the alert-writer key) and groups them.</summary>
    public static IResourceBuilder<ProjectResource> WithAlertWriter(this IResourceBuilder<ProjectResource> aggregator, CenterSettings center) => aggregator
        .WithEnvironment("Alerts__WriterKey", center.AlertWriterKey)
        .WithEnvironment("Alerts__GroupWait", center.AlertGroupWait);

    /// <summary>The Wall's keys (admin, live mirror), its layouts folder and the screen provisioned without pairing, if configured.</summary>
    public static IResourceBuilder<ProjectResource> WithWallAccess(this IResourceBuilder<ProjectResource> wall, CenterSettings center) => wall
        .WithEnvironment("Access__AdminKey", center.AdminKey)
        .WithEnvironment(context =>
        {
            if (!string.IsNullOrWhiteSpace(center.WallDeviceToken))
            {
                context.EnvironmentVariables["Access__Devices__0__Name"] = "configured-screen";
                context.EnvironmentVariables["Access__Devices__0__Token"] = center.WallDeviceToken;
            }
        })
        .WithEnvironment("LiveMirror__ServiceKey", center.WallServiceKey)
        .WithEnvironment("Wall__LayoutsPath", center.WallLayouts);

    /// <summary>The simulator's switch, key and pace, and the systems it serves for the collector to poll.</summary>
    public static IResourceBuilder<ProjectResource> WithSimulation(this IResourceBuilder<ProjectResource> simulator, CenterSettings center, IReadOnlyList<string> polledUnits) => simulator
        .WithEnvironment("Simulator__Enabled", center.Simulate ? "true" : "false")
        .WithEnvironment("Simulator__ApiKey", center.SimulatorKey)
        .WithEnvironment("Simulator__HealthInterval", center.SimulatorHealthInterval)
        .WithEnvironment(context =>
        {
            for (var i = 0; i < polledUnits.Count; i++)
            {
                context.EnvironmentVariables[$"Simulator__PulledSystems__{i}"] = $"{polledUnits[i]}/civil-status";
            }
        });

    /// <summary>The simulator's scenarios as commands on the Aspire dashboard, calling its own HTTP API.</summary>
    public static IResourceBuilder<ProjectResource> WithScenarioCommands(this IResourceBuilder<ProjectResource> simulator)
    {
        foreach (var scenario in ScenarioNames.All)
        {
            simulator.WithHttpCommand($"/scenarios/{scenario}", $"Scenario: {scenario}", commandName: $"scenario-{scenario}",
                commandOptions: new HttpCommandOptions { Method = HttpMethod.Post, IconName = "Play" });
            if (scenario != ScenarioNames.Normal)
            {
                simulator.WithHttpCommand($"/scenarios/{scenario}", $"Stop: {scenario}", commandName: $"stop-{scenario}",
                    commandOptions: new HttpCommandOptions { Method = HttpMethod.Delete, IconName = "Stop" });
            }
        }
        return simulator;
    }

    /// <summary>The center's clock, when OpsCenter:Clock or OpsCenter:ClockOffset moves it.</summary>
    public static IResourceBuilder<ProjectResource> WithCenterClock(this IResourceBuilder<ProjectResource> project, CenterSettings center) =>
        center.ClockOffset == TimeSpan.Zero ? project
            : project.WithEnvironment("Clock__Offset", center.ClockOffset.ToString("c", CultureInfo.InvariantCulture));

    /// <summary>Tests only: the service lists its endpoints at /_opscenter/routes (the gateway never forwards it).</summary>
    public static IResourceBuilder<ProjectResource> WithRoutesListed(this IResourceBuilder<ProjectResource> project, CenterSettings center) =>
        center.ExposeRoutes ? project.WithEnvironment("OpsCenter__ExposeRoutes", "true") : project;
}

/// <summary>Keys made for one run, and secrets kept in the data folder across restarts.</summary>
internal static class Secrets
{
    public static string NewKey() => "ock_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();

    public static string Kept(string folder, string file)
    {
        var path = Path.Combine(folder, file);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: >= 10 } kept)
        {
            return kept;
        }
        Directory.CreateDirectory(folder);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');
        File.WriteAllText(path, secret + Environment.NewLine);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return secret;
    }
}
