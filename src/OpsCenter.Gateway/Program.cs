using OpsCenter.Gateway.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

app.UseSecurityHeaders();
app.MapDefaultEndpoints();
app.MapServiceOnlyPaths();
app.MapReverseProxy();

app.Run();

public partial class Program;
