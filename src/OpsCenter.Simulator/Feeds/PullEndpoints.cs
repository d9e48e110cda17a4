using OpsCenter.Domain.Health;

namespace OpsCenter.Simulator.Feeds;

/// <summary>
/// Health endpoints of simulated systems that are polled rather than pushing, in the ASP.NET
/// health-check shape (200 Healthy/Degraded, 503 Unhealthy), as a ward's own system would serve them.
/// </summary>
public static class PullEndpoints
{
    public static IEndpointRouteBuilder MapPullEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/pull/{unit}/{system}", (string unit, string system, CityModel city) => city.CurrentStatus(unit, system) switch
        {
            null => Results.NotFound(),
            HealthStatus.Up => Results.Json(new { status = "Healthy" }),
            HealthStatus.Degraded => Results.Json(new { status = "Degraded" }),
            _ => Results.Json(new { status = "Unhealthy" }, statusCode: StatusCodes.Status503ServiceUnavailable),
        }).WithName("GetSimulatedSystemHealth");
        return app;
    }
}
