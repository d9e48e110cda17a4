using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace OpsCenter.Benchmarks.Embed;

/// <summary>
/// The ceiling for the embed benchmarks: a minimal Kestrel app (a child process, verb
/// <c>bare-embed</c>) on the aggregator's paths, with no token, no live state and no checks.
/// The stream sends the aggregator's own status JSON (captured by the benchmark) with the update's
/// timestamps, serialized once per update and queued to every viewer; the badge and the status
/// return the aggregator's bytes with its ETag.
/// </summary>
internal static class BareEmbedServer
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args is not [var port, var folder])
        {
            throw new ArgumentException("bare-embed <port> <folder with status.json, status.etag, badge.svg, badge.etag>");
        }
        var status = await File.ReadAllBytesAsync(Path.Combine(folder, "status.json"));
        var statusEtag = await File.ReadAllTextAsync(Path.Combine(folder, "status.etag"));
        var badge = await File.ReadAllBytesAsync(Path.Combine(folder, "badge.svg"));
        var badgeEtag = await File.ReadAllTextAsync(Path.Combine(folder, "badge.etag"));

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var viewers = new Viewers(JsonNode.Parse(status)!.AsObject());

        app.MapGet("/health", () => "ok");
        app.MapGet("/embed/v1/units/{code}/status.json", (HttpContext context) => Fixed(context, status, statusEtag, "application/json; charset=utf-8", "public, max-age=5"));
        app.MapGet("/embed/v1/units/{code}/badge.svg", (HttpContext context) => Fixed(context, badge, badgeEtag, "image/svg+xml; charset=utf-8", "public, max-age=30"));
        app.MapGet("/embed/v1/units/{code}/stream", viewers.StreamAsync);
        app.MapPost("/publish", (long dataAt) =>
        {
            viewers.Publish(DateTimeOffset.FromUnixTimeMilliseconds(dataAt));
            return Results.Ok();
        });
        await app.RunAsync();
        return 0;
    }

    private static IResult Fixed(HttpContext context, byte[] body, string etag, string contentType, string cacheControl)
    {
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = cacheControl;
        return context.Request.Headers.IfNoneMatch == etag ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Bytes(body, contentType);
    }

    private sealed class Viewers(JsonObject status)
    {
        private readonly Lock _lock = new();
        private Channel<ReadOnlyMemory<byte>>[] _viewers = [];
        private ReadOnlyMemory<byte> _last = Frame(status, DateTimeOffset.UtcNow);

        public void Publish(DateTimeOffset dataAt)
        {
            status["dataAt"] = dataAt;
            var frame = Frame(status, DateTimeOffset.UtcNow);
            _last = frame;
            foreach (var viewer in Volatile.Read(ref _viewers))
            {
                viewer.Writer.TryWrite(frame);
            }
        }

        private static ReadOnlyMemory<byte> Frame(JsonObject status, DateTimeOffset now)
        {
            status["generatedAt"] = now;
            return Encoding.UTF8.GetBytes($"event: status\ndata: {status.ToJsonString(Json)}\n\n");
        }

        public async Task StreamAsync(HttpContext context)
        {
            var response = context.Response;
            response.Headers.ContentType = "text/event-stream; charset=utf-8";
            response.Headers.CacheControl = "no-cache, no-store";
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            var queue = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new UnboundedChannelOptions { SingleReader = true });
            lock (_lock)
            {
                _viewers = [.. _viewers, queue];
            }
            var aborted = context.RequestAborted;
            try
            {
                await response.Body.WriteAsync("retry: 3000\n\n"u8.ToArray(), aborted);
                await response.Body.WriteAsync(_last, aborted);
                await response.Body.FlushAsync(aborted);
                while (await queue.Reader.WaitToReadAsync(aborted))
                {
                    while (queue.Reader.TryRead(out var frame))
                    {
                        await response.Body.WriteAsync(frame, aborted);
                    }
                    await response.Body.FlushAsync(aborted);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // The viewer left.
            }
            finally
            {
                lock (_lock)
                {
                    _viewers = [.. _viewers.Where(v => v != queue)];
                }
            }
        }
    }
}
