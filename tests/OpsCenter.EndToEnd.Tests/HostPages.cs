using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpsCenter.EndToEnd.Tests;

/// <summary>
/// A department's own web portal, as far as the widgets can tell: another origin (127.0.0.1 on a
/// port of its own), pages with a strict Content-Security-Policy that allows the center's origin
/// for scripts, connections, frames and images, and nothing inline.
/// </summary>
public sealed class HostPages : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string Html, string Csp)> _pages = new(StringComparer.Ordinal);

    private HostPages(WebApplication app) => _app = app;

    public Uri Origin { get; private set; } = null!;

    public static async Task<HostPages> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var pages = new HostPages(app);
        app.MapGet("/{name}.html", (string name, HttpContext context) =>
        {
            if (!pages._pages.TryGetValue(name, out var page))
            {
                return Results.NotFound();
            }
            context.Response.Headers.ContentSecurityPolicy = page.Csp;
            return Results.Content(page.Html, "text/html; charset=utf-8");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        pages.Origin = new Uri(address);
        return pages;
    }

    /// <summary>A page embedding the script widget and the iframe of <paramref name="unit"/> from the center at <paramref name="center"/>.</summary>
    public Uri AddPortal(string name, Uri center, string script, string integrity, string unit, string token)
    {
        var gw = center.GetLeftPart(UriPartial.Authority);
        var html = $"""
            <!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin điện tử phường</title>
            <script src="{gw}{script}" integrity="{integrity}" crossorigin="anonymous" defer></script></head>
            <body><h1>Cổng thông tin điện tử phường</h1>
            <opscenter-status id="widget" unit="{unit}" token="{token}" lang="vi" theme="light" size="full"></opscenter-status>
            <iframe id="frame" src="{gw}/embed/v1/units/{unit}/frame?token={token}&amp;lang=vi&amp;theme=dark" title="OpsCenter" width="560" height="320"></iframe>
            </body></html>
            """;
        var csp = $"default-src 'none'; script-src {gw}; connect-src {gw}; frame-src {gw}; img-src {gw}; style-src 'none'; base-uri 'none'; form-action 'none'";
        _pages[name] = (html, csp);
        return new Uri(Origin, $"/{name}.html");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
