using OpsCenter.Collector.Admin;
using OpsCenter.Collector.Extensions;
using OpsCenter.Collector.Ingest;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddForwardedHeadersFromGateway();
builder.AddCollectorServices();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapDefaultEndpoints();
// Served under the ingest prefix so that sources reach it through the gateway.
app.MapOpenApi("/api/ingest/{documentName}/openapi.json");
app.MapIngestApi();
app.MapAdminApi();

app.Run();

public partial class Program;
