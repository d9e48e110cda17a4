using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpsCenter.Wall.Tests;

/// <summary>
/// The Wall in-process, talking to a <see cref="StandInCollector"/> over real HTTP for both the collector
/// and the aggregator. Every log line it writes is kept (<see cref="Logs"/>). Requests go without
/// following redirects or keeping cookies: a test sends the cookies it means to.
/// </summary>
public sealed partial class WallApp : WebApplicationFactory<Program>
{
    private readonly StandInCollector _collector;

    private WallApp(StandInCollector collector) => _collector = collector;

    public StandInCollector Collector => _collector;

    public ConcurrentQueue<string> Logs { get; } = new();

    public static async Task<WallApp> StartAsync() => new(await StandInCollector.StartAsync());

    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Access:CollectorUrl", _collector.Address.ToString());
        builder.UseSetting("Access:AdminKey", "test-admin-key");
        builder.UseSetting("LiveMirror:AggregatorUrl", _collector.Address.ToString());
        builder.UseSetting("LiveMirror:ServiceKey", "test-service-key");
        builder.UseSetting("Wall:LayoutsPath", Path.Combine(RepositoryPaths.Root, "dashboards", "walls"));
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(new KeepingLoggerProvider(Logs)));
    }

    /// <summary>Signs in through the form; returns the cookie header of the session.</summary>
    public async Task<string> SignInAsync(string username)
    {
        using var client = Client();
        var (token, cookie) = await AntiforgeryAsync(client, "/signin");
        using var form = new FormUrlEncodedContent([new("username", username), new("password", "secret"), new("returnUrl", ""), new("__RequestVerificationToken", token)]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/signin") { Content = form };
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var person = response.Headers.GetValues("Set-Cookie").Select(v => v.Split(';')[0]).SingleOrDefault(v => v.StartsWith("opscenter.person=", StringComparison.Ordinal));
        Assert.True(person is not null, $"{username} was not signed in: {response.StatusCode} {response.Headers.Location}");
        return person;
    }

    /// <summary>A form's antiforgery field and its cookie, from a page the Wall served.</summary>
    public static async Task<(string Token, string Cookie)> AntiforgeryAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, $"{path} ({(int)response.StatusCode}) has no antiforgery field");
        var cookie = response.Headers.GetValues("Set-Cookie").Select(v => v.Split(';')[0])
            .Single(v => v.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        return (WebUtility.HtmlDecode(token.Groups[1].Value), cookie);
    }

    public static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _collector.DisposeAsync();
    }

    [GeneratedRegex(@"name=""__RequestVerificationToken""[^>]*?value=""([^""]+)""")]
    private static partial Regex AntiforgeryField();

    private sealed class KeepingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Keeping(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Keeping(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
