using OpsCenter.Aggregator.Access;
using OpsCenter.Aggregator.Extensions;
using OpsCenter.Aggregator.Live;
using OpsCenter.Aggregator.Query;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAggregatorServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapLiveHub().RequireAuthorization(ReadPolicies.Reader);
app.MapQueryApi().RequireAuthorization(ReadPolicies.Reader);
app.MapKpiApi().RequireAuthorization(ReadPolicies.Reader);
app.MapLateDossiersApi().RequireAuthorization(ReadPolicies.Reader);
app.MapRankingsApi().RequireAuthorization(ReadPolicies.Reader);
app.MapSeriesApi().RequireAuthorization(ReadPolicies.Reader);

app.Run();

public partial class Program;
