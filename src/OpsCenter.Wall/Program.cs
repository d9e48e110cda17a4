using OpsCenter.Wall.Access;
using OpsCenter.Wall.Alerts;
using OpsCenter.Wall.Briefing;
using OpsCenter.Wall.Components;
using OpsCenter.Wall.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddForwardedHeadersFromGateway();
builder.AddWallServices();
builder.Services.AddWallAccess(builder.Configuration);

var app = builder.Build();

app.UseForwardedHeaders();
app.UseExceptionHandler("/error", createScopeForErrors: true);
app.UseRequestLocalization();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapDefaultEndpoints();
app.MapStaticAssets();
app.MapAccountEndpoints();
app.MapPairingEndpoints();
app.MapExportEndpoints();
app.MapAlertEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

public partial class Program;
