// The center's topology: five services and the mail inbox, what each references and waits for.
// What each one is told (keys, seeded sources, store) is in Extensions.cs; the settings read from
// configuration (OpsCenter:*) and their defaults are in CenterSettings.cs.
var builder = DistributedApplication.CreateBuilder(args);
var center = CenterSettings.Read(builder);

// A few wards' civil-status systems are polled by the collector instead of pushing (the simulator
// serves their health endpoints), as some real systems can only be asked.
string[] polledUnits = center.Simulate ? ["26740", "27112", "25747"] : [];
var simulator = builder.AddProject<Projects.OpsCenter_Simulator>("simulator");

var collector = builder.AddProject<Projects.OpsCenter_Collector>("collector")
    .WithStore(center)
    .WithSimulatorSource(center)
    .WithPolledSources(polledUnits, simulator.GetEndpoint("http"))
    .WithDevelopmentRateLimit()
    .WithAdminKeys(center)
    .WithAlertRules(center)
    .WithPeople(center)
    .WithHttpHealthCheck("/health")
    // Alert mail goes to the inbox resource (smtp4dev), or stays pending when it is not installed.
    .WithInbox(builder, center.DataPath);

var aggregator = builder.AddProject<Projects.OpsCenter_Aggregator>("aggregator")
    .WithStore(center)
    .WithReaderKeys(center)
    .WithReference(collector)
    .WithAlertWriter(center)
    .WithHttpHealthCheck("/health")
    .WaitFor(collector);

var wall = builder.AddProject<Projects.OpsCenter_Wall>("wall")
    .WithReference(aggregator)
    .WithReference(collector)
    .WithWallAccess(center)
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
    .WithSimulation(center, polledUnits)
    .WithHttpHealthCheck("/health")
    .WaitFor(gateway)
    .WithScenarioCommands();

foreach (var project in new[] { collector, aggregator, wall, gateway, simulator })
{
    project.WithCenterClock(center);
}
foreach (var project in new[] { collector, aggregator, wall })
{
    project.WithRoutesListed(center);
}

builder.Build().Run();
