using OpsCenter.Simulator.Api;
using OpsCenter.Simulator.Extensions;
using OpsCenter.Simulator.Feeds;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddSimulatorServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapPullEndpoints();
app.MapScenarioApi();
app.MapLoadApi();

app.Run();
