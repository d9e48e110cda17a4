using OpsCenter.Collector.Admin;
using OpsCenter.Collector.Extensions;
using OpsCenter.Collector.Ingest;

if (args is ["hash-password", ..])
{
    // For Collector:People:BreakGlass:PasswordHash: reads a password from standard input, prints its hash.
    var password = Console.In.ReadLine();
    if (string.IsNullOrEmpty(password) || password.Length < PeopleAdminApi.MinPasswordLength)
    {
        await Console.Error.WriteLineAsync($"Type a password of at least {PeopleAdminApi.MinPasswordLength} characters on standard input.");
        return 2;
    }
    Console.WriteLine(OpsCenter.Storage.People.PasswordHash.Create(password));
    return 0;
}

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

await app.RunAsync();
return 0;

public partial class Program;
