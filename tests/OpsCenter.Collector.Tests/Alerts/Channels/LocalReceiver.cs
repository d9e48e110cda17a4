using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpsCenter.Collector.Tests.Alerts.Channels;

/// <summary>One request the receiver got: method, path and query, headers, body.</summary>
public sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A Kestrel server on 127.0.0.1 and a free port that records every request and answers with
/// <c>answer(request, index)</c> (index 0 for the first request). Started per test.
/// </summary>
public sealed class LocalReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly WebApplication _app;

    private LocalReceiver(Func<ReceivedRequest, int, IResult> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        var count = 0;
        _app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var request = new ReceivedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray());
            _requests.Enqueue(request);
            await answer(request, Interlocked.Increment(ref count) - 1).ExecuteAsync(context);
        });
    }

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public string Url { get; private set; } = "";

    public int Port => new Uri(Url).Port;

    public static async Task<LocalReceiver> StartAsync(Func<ReceivedRequest, int, IResult> answer)
    {
        var receiver = new LocalReceiver(answer);
        await receiver._app.StartAsync(TestContext.Current.CancellationToken);
        receiver.Url = receiver._app.Urls.Single().TrimEnd('/');
        return receiver;
    }

    public static Task<LocalReceiver> StartAsync(Func<IResult> answer) => StartAsync((_, _) => answer());

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
