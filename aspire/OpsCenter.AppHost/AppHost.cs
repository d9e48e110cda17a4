using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

// The embedded default: one SQLite file under the data folder (OpsCenter:DataPath, default .data
// at the repository root). Keys are made fresh each run unless configured.
var dataPath = Path.GetFullPath(builder.Configuration["OpsCenter:DataPath"]
    ?? Path.Combine(builder.AppHostDirectory, "..", "..", ".data"));
var simulatorKey = builder.Configuration["OpsCenter:SimulatorKey"] ?? NewKey();
var wallServiceKey = builder.Configuration["OpsCenter:WallServiceKey"] ?? NewKey();
var adminKey = builder.Configuration["OpsCenter:AdminKey"] ?? NewKey();
var simulate = builder.Configuration.GetValue("OpsCenter:Simulate", defaultValue: true);
// The first administrator ("admin") signs in to the Wall with this password; unless configured, it is
// made once and kept in the data folder (admin-password.txt) so that it survives restarts.
var adminPassword = builder.Configuration["OpsCenter:AdminPassword"] ?? KeptSecret(dataPath, "admin-password.txt");
// A wall screen provisioned without pairing (kiosk scripts, tests): open /pair?token=<this>.
var wallDeviceToken = builder.Configuration["OpsCenter:WallDeviceToken"];
// The wall layouts folder, watched for changes (tests point it at a copy they can add views to).
var wallLayouts = Path.GetFullPath(builder.Configuration["OpsCenter:WallLayoutsPath"]
    ?? Path.Combine(builder.AppHostDirectory, "..", "..", "dashboards", "walls"));
// Past one machine: point the store at PostgreSQL (any cluster, reached by connection string).
var postgres = builder.Configuration["OpsCenter:PostgresConnectionString"];
// Tests shorten these so a silent ward turns stale in seconds (stale after 3x the expected interval).
var simulatorInterval = builder.Configuration["OpsCenter:SimulatorExpectedInterval"] ?? "00:00:15";
var simulatorHealthInterval = builder.Configuration["OpsCenter:SimulatorHealthInterval"] ?? "00:00:05";
// hcmc (default) or national: the units whose data the collector accepts and the aggregator shows.
// The simulator's national-scale scenario needs national (docs/SIMULATOR.md).
var catalogue = builder.Configuration["OpsCenter:Catalogue"] ?? "hcmc";
// The center's clock, for every service and the simulator: OpsCenter:Clock=<instant> makes "now" that
// instant when the center starts (2026-12-31T23:55:00+07:00), OpsCenter:ClockOffset=<time span> moves it
// by a fixed amount (tests pass theirs so that they and the center agree). Time then runs at its pace.
// Tests only: every service lists its endpoints at /_opscenter/routes (the gateway never forwards it)
// for the authorisation matrix, and readers of one unit get keys (OpsCenter:ScopedReaders:0:Key / :Unit).
var exposeRoutes = builder.Configuration.GetValue("OpsCenter:ExposeRoutes", defaultValue: false);
var scopedReaders = builder.Configuration.GetSection("OpsCenter:ScopedReaders").GetChildren()
    .Select(r => (Key: r["Key"] ?? "", Unit: r["Unit"] ?? "")).Where(r => r.Key.Length > 0 && r.Unit.Length > 0).ToList();
// Alerts: the aggregator writes alert transitions through the collector with a key of the alert-writer
// role; mail links are signed with a key kept in the data folder (links already mailed keep working
// after a restart); rules are seeded from dashboards/alerts on the first start; tests shorten the grouping wait.
var alertWriterKey = NewKey();
var alertLinkKey = builder.Configuration["OpsCenter:AlertLinkKey"] ?? KeptSecret(dataPath, "alert-link-key.txt");
var alertRules = Path.GetFullPath(builder.Configuration["OpsCenter:AlertRulesPath"]
    ?? Path.Combine(builder.AppHostDirectory, "..", "..", "dashboards", "alerts"));
var alertGroupWait = builder.Configuration["OpsCenter:AlertGroupWait"] ?? "00:00:30";
var clockOffset = ShiftedTimeProvider.ParseOffset(builder.Configuration["OpsCenter:ClockOffset"], builder.Configuration["OpsCenter:Clock"], DateTimeOffset.UtcNow);

// A few wards' civil-status systems are polled by the collector instead of pushing (the simulator
// serves their health endpoints), as some real systems can only be asked.
string[] pulledUnits = simulate ? ["26740", "27112", "25747"] : [];
var simulator = builder.AddProject<Projects.OpsCenter_Simulator>("simulator");
var simulatorHttp = simulator.GetEndpoint("http");

var collector = builder.AddProject<Projects.OpsCenter_Collector>("collector")
    .WithEnvironment("Store__DataPath", dataPath)
    .WithEnvironment(context => UseStore(context, postgres))
    .WithEnvironment("Units__Catalogue", catalogue)
    .WithEnvironment("Collector__SeedSources__0__Id", "simulator")
    .WithEnvironment("Collector__SeedSources__0__Name", "OpsCenter simulator (all HCMC units)")
    .WithEnvironment("Collector__SeedSources__0__Kinds__0", "health")
    .WithEnvironment("Collector__SeedSources__0__Kinds__1", "dossier")
    .WithEnvironment("Collector__SeedSources__0__Kinds__2", "backlog")
    .WithEnvironment("Collector__SeedSources__0__Kinds__3", "index")
    .WithEnvironment("Collector__SeedSources__0__Kinds__4", "incident")
    .WithEnvironment("Collector__SeedSources__0__ExpectedInterval", simulatorInterval)
    .WithEnvironment("Collector__SeedSources__0__Key", simulatorKey)
    // The simulator's 30-day backfill sends ~8,800 batches as fast as the store takes them (about
    // 45 a second on the shared 2-core machine); the default 50/s per source would throttle it, so
    // every source gets 200/s, burst 400 in this development setup (docs/SIMULATOR.md).
    .WithEnvironment("Collector__RateLimit__RequestsPerSecond", "200")
    .WithEnvironment("Collector__RateLimit__Burst", "400")
    .WithEnvironment("Collector__Admin__Keys__0__Name", "operator")
    .WithEnvironment("Collector__Admin__Keys__0__Key", adminKey)
    .WithEnvironment("Collector__Admin__Keys__1__Name", "aggregator")
    .WithEnvironment("Collector__Admin__Keys__1__Key", alertWriterKey)
    .WithEnvironment("Collector__Admin__Keys__1__Role", "alert-writer")
    .WithEnvironment("Alerts__LinkKey", alertLinkKey)
    .WithEnvironment("Alerts__RulesFolder", alertRules)
    .WithEnvironment("Collector__People__Seed__0__Username", "admin")
    .WithEnvironment("Collector__People__Seed__0__DisplayName", "Quản trị viên")
    .WithEnvironment("Collector__People__Seed__0__Role", "admin")
    .WithEnvironment("Collector__People__Seed__0__Password", adminPassword)
    // The first sign-in wait after five failures (1 s unless set): tests make it long enough to see.
    .WithEnvironment("Collector__People__FirstDelay", builder.Configuration["OpsCenter:SignInFirstDelay"] ?? "00:00:01")
    .WithHttpHealthCheck("/health")
    // Alert mail goes to the inbox resource (smtp4dev), or stays pending when it is not installed.
    .WithInbox(builder, dataPath);
for (var i = 0; i < pulledUnits.Length; i++)
{
    var unit = pulledUnits[i];
    var prefix = $"Collector__SeedSources__{i + 1}__";
    collector
        .WithEnvironment(prefix + "Id", $"pull-{unit}-civil-status")
        .WithEnvironment(prefix + "Name", $"Hộ tịch {unit} (polled)")
        .WithEnvironment(prefix + "Kinds__0", "health")
        .WithEnvironment(prefix + "Units__0", unit)
        .WithEnvironment(prefix + "ExpectedInterval", "00:00:15")
        .WithEnvironment(prefix + "HealthSystem", "civil-status")
        .WithEnvironment(prefix + "HealthUrl", ReferenceExpression.Create($"{simulatorHttp}/pull/{unit}/civil-status"));
}
if (pulledUnits.Length > 0)
{
    // The poller refuses loopback and private addresses unless allow-listed: only the simulator's
    // own host and port (localhost:<its port>), where those health URLs point.
    collector.WithEnvironment("Collector__Pull__AllowedTargets__0", ReferenceExpression.Create($"{simulatorHttp.Property(EndpointProperty.HostAndPort)}"));
}

var aggregator = builder.AddProject<Projects.OpsCenter_Aggregator>("aggregator")
    .WithEnvironment("Store__DataPath", dataPath)
    .WithEnvironment(context => UseStore(context, postgres))
    .WithEnvironment("Units__Catalogue", catalogue)
    .WithEnvironment("Readers__ServiceKeys__0", wallServiceKey)
    .WithEnvironment(context =>
    {
        for (var i = 0; i < scopedReaders.Count; i++)
        {
            context.EnvironmentVariables[$"Readers__ScopedKeys__{i}__Key"] = scopedReaders[i].Key;
            context.EnvironmentVariables[$"Readers__ScopedKeys__{i}__Unit"] = scopedReaders[i].Unit;
        }
    })
    .WithReference(collector)
    .WithEnvironment("Alerts__WriterKey", alertWriterKey)
    .WithEnvironment("Alerts__GroupWait", alertGroupWait)
    .WithHttpHealthCheck("/health")
    .WaitFor(collector);

var wall = builder.AddProject<Projects.OpsCenter_Wall>("wall")
    .WithReference(aggregator)
    .WithReference(collector)
    .WithEnvironment("Access__AdminKey", adminKey)
    .WithEnvironment(context =>
    {
        if (!string.IsNullOrWhiteSpace(wallDeviceToken))
        {
            context.EnvironmentVariables["Access__Devices__0__Name"] = "configured-screen";
            context.EnvironmentVariables["Access__Devices__0__Token"] = wallDeviceToken;
        }
    })
    .WithEnvironment("LiveMirror__ServiceKey", wallServiceKey)
    .WithEnvironment("Wall__LayoutsPath", wallLayouts)
    // No WaitFor(aggregator): the Wall serves pages without it (every tile says its data is missing)
    // and links up when it comes; so a Wall started during an aggregator outage starts.
    .WithHttpHealthCheck("/health");

var gateway = builder.AddProject<Projects.OpsCenter_Gateway>("gateway")
    .WithReference(collector)
    .WithReference(aggregator)
    .WithReference(wall)
    .WithHttpHealthCheck("/health")
    .WaitFor(collector)
    .WaitFor(aggregator)
    .WaitFor(wall)
    .WithExternalHttpEndpoints();

// Links in alert mails open the Wall's confirmation page through the gateway, the one origin people see.
collector.WithEnvironment("Alerts__PublicBaseUrl", gateway.GetEndpoint("http"));

simulator
    .WithReference(gateway)
    .WithEnvironment("Simulator__Enabled", simulate ? "true" : "false")
    .WithEnvironment("Simulator__ApiKey", simulatorKey)
    .WithEnvironment("Simulator__HealthInterval", simulatorHealthInterval)
    .WithEnvironment(context =>
    {
        for (var i = 0; i < pulledUnits.Length; i++)
        {
            context.EnvironmentVariables[$"Simulator__PulledSystems__{i}"] = $"{pulledUnits[i]}/civil-status";
        }
    })
    .WithHttpHealthCheck("/health")
    .WaitFor(gateway);

if (clockOffset != TimeSpan.Zero)
{
    foreach (var project in new IResourceBuilder<ProjectResource>[] { collector, aggregator, wall, gateway, simulator })
    {
        project.WithEnvironment("Clock__Offset", clockOffset.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
    }
}

if (exposeRoutes)
{
    foreach (var project in new IResourceBuilder<ProjectResource>[] { collector, aggregator, wall })
    {
        project.WithEnvironment("OpsCenter__ExposeRoutes", "true");
    }
}

// The simulator's scenarios as commands on the Aspire dashboard, calling its own HTTP API.
string[] scenarios = ["normal", "monday-surge", "merger-backlog", "civil-status-outage", "silent-ward", "flood", "national-scale"];
foreach (var scenario in scenarios)
{
    simulator.WithHttpCommand($"/scenarios/{scenario}", $"Scenario: {scenario}", commandName: $"scenario-{scenario}",
        commandOptions: new HttpCommandOptions { Method = HttpMethod.Post, IconName = "Play" });
    if (scenario != "normal")
    {
        simulator.WithHttpCommand($"/scenarios/{scenario}", $"Stop: {scenario}", commandName: $"stop-{scenario}",
            commandOptions: new HttpCommandOptions { Method = HttpMethod.Delete, IconName = "Stop" });
    }
}

builder.Build().Run();

static void UseStore(EnvironmentCallbackContext context, string? postgres)
{
    if (!string.IsNullOrWhiteSpace(postgres))
    {
        context.EnvironmentVariables["Store__Provider"] = "postgres";
        context.EnvironmentVariables["Store__ConnectionString"] = postgres;
    }
}

static string KeptSecret(string folder, string file)
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

static string NewKey() => "ock_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
