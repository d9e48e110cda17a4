using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Prometheus;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every OpsCenter service shares: telemetry, health endpoints, service discovery,
/// resilient HTTP clients, a Prometheus <c>/metrics</c> endpoint and the clock (<see cref="ShiftedTimeProvider"/>).
/// </summary>
public static class Extensions
{
    private const string HealthEndpointPath = "/health";
    private const string AlivenessEndpointPath = "/alive";

    /// <summary>
    /// prometheus-net starts its .NET Meters adapter at the first scrape, so a counter's
    /// measurements before it (events applied at start, the first batches) would never show. It is
    /// started here instead, with the service, once per process (tests host several apps in one).
    /// </summary>
    private static readonly Lazy<IDisposable> MetersAdapter = new(() =>
    {
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressMeters = true });
        return MeterAdapter.StartListening();
    });

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        _ = MetersAdapter.Value;
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.AddProblemDetails();
        // A request the endpoint cannot read (no form, a malformed body) is a 400 in every environment,
        // never an exception page: the embedded run is Development, and clients must not see a stack.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);
        // One clock for the whole service: the system's, or shifted by Clock:Offset / Clock:Start.
        builder.Services.AddSingleton(ShiftedTimeProvider.FromConfiguration(builder.Configuration));
        // Long-lived connections (SignalR, Blazor circuits, proxied WebSockets) would hold a stopping
        // process for the default 30 s; every client here reconnects by itself, so stop promptly.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(3));
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Reads are retried; writes are not: a POST retried after a 5xx may have worked the first
            // time (an alert acknowledged twice reads "already acknowledged"). Writers that must get
            // through retry themselves, with an idempotency key (the simulator, the alert engine).
            http.AddStandardResilienceHandler(options => options.Retry.DisableForUnsafeHttpMethods());
            http.AddServiceDiscovery();
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("OpsCenter.*"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                        && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath)
                        && !context.Request.Path.StartsWithSegments("/metrics"))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>Maps <c>/health</c> (all checks), <c>/alive</c> (liveness only), <c>/metrics</c> and, when asked, the <see cref="RouteTable"/>.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("live"),
        });
        // prometheus-net also exports every System.Diagnostics.Metrics meter (opscenter_* names).
        app.MapMetrics();
        app.MapRouteTable();
        return app;
    }
}
