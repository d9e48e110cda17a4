using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);

// The embedded default: one SQLite file under the data folder (OpsCenter:DataPath, default .data
// at the repository root). Keys are made fresh each run unless configured.
var dataPath = Path.GetFullPath(builder.Configuration["OpsCenter:DataPath"]
    ?? Path.Combine(builder.AppHostDirectory, "..", "..", ".data"));
var simulatorKey = builder.Configuration["OpsCenter:SimulatorKey"] ?? NewKey();
var wallServiceKey = builder.Configuration["OpsCenter:WallServiceKey"] ?? NewKey();
var simulate = builder.Configuration.GetValue("OpsCenter:Simulate", defaultValue: true);

var collector = builder.AddProject<Projects.OpsCenter_Collector>("collector")
    .WithEnvironment("Store__DataPath", dataPath)
    .WithEnvironment("Collector__SeedSources__0__Id", "simulator")
    .WithEnvironment("Collector__SeedSources__0__Name", "OpsCenter simulator (all HCMC units)")
    .WithEnvironment("Collector__SeedSources__0__Kinds__0", "health")
    .WithEnvironment("Collector__SeedSources__0__ExpectedInterval", "00:00:15")
    .WithEnvironment("Collector__SeedSources__0__Key", simulatorKey)
    .WithHttpHealthCheck("/health");

var aggregator = builder.AddProject<Projects.OpsCenter_Aggregator>("aggregator")
    .WithEnvironment("Store__DataPath", dataPath)
    .WithEnvironment("Readers__ServiceKeys__0", wallServiceKey)
    .WithHttpHealthCheck("/health")
    .WaitFor(collector);

var wall = builder.AddProject<Projects.OpsCenter_Wall>("wall")
    .WithReference(aggregator)
    .WithEnvironment("LiveMirror__ServiceKey", wallServiceKey)
    .WithEnvironment("Wall__LayoutsPath", Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "..", "dashboards", "walls")))
    .WithHttpHealthCheck("/health")
    .WaitFor(aggregator);

var gateway = builder.AddProject<Projects.OpsCenter_Gateway>("gateway")
    .WithReference(collector)
    .WithReference(aggregator)
    .WithReference(wall)
    .WithHttpHealthCheck("/health")
    .WaitFor(collector)
    .WaitFor(aggregator)
    .WaitFor(wall)
    .WithExternalHttpEndpoints();

builder.AddProject<Projects.OpsCenter_Simulator>("simulator")
    .WithReference(gateway)
    .WithEnvironment("Simulator__Enabled", simulate ? "true" : "false")
    .WithEnvironment("Simulator__ApiKey", simulatorKey)
    .WithHttpHealthCheck("/health")
    .WaitFor(gateway);

builder.Build().Run();

static string NewKey() => "ock_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
