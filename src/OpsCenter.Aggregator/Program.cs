using OpsCenter.Aggregator.Access;
using OpsCenter.Aggregator.Embed;
using OpsCenter.Aggregator.Extensions;
using OpsCenter.Aggregator.Live;
using OpsCenter.Aggregator.Query;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddForwardedHeadersFromGateway();
builder.AddAggregatorServices();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapLiveHub().RequireAuthorization(ReadPolicies.Reader);
app.MapQueryApi(); // one group: reader key and scope for every query
app.MapEmbedApi();

app.Run();

public partial class Program;
