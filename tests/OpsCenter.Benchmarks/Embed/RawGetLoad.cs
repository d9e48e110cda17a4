using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OpsCenter.Benchmarks.Embed;

internal sealed record GetLoadResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Ok200, long NotModified304, long Other, string? FirstError, double BodyBytes);

/// <summary>
/// C keep-alive connections, each sending one GET after another on a raw socket (request bytes made
/// once) and reading each response to its end (Content-Length or chunked). Lean, so that the client
/// takes as little of the shared cores as it can. Responses completed inside the window count.
/// </summary>
internal static class RawGetLoad
{
    public static async Task<GetLoadResult> RunAsync(Uri url, string? ifNoneMatch, int connections, TimeSpan warmup, TimeSpan measured)
    {
        var request = Encoding.ASCII.GetBytes(
            $"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nAccept: */*\r\n{(ifNoneMatch is null ? "" : $"If-None-Match: {ifNoneMatch}\r\n")}\r\n");
        var endpoint = new IPEndPoint(IPAddress.Parse(url.Host), url.Port);
        var start = Stopwatch.GetTimestamp();
        var windowStart = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var windowEnd = windowStart + (long)(measured.TotalSeconds * Stopwatch.Frequency);
        var workers = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(() => WorkAsync(endpoint, request, windowStart, windowEnd))));
        var latencies = workers.SelectMany(w => w.Latencies).Order().ToList();
        var body = workers.Sum(w => w.BodyBytes) / (double)Math.Max(1, workers.Sum(w => w.Ok200 + w.NotModified304));
        return new GetLoadResult(latencies.Count / measured.TotalSeconds, Stats.Percentile(latencies, 0.5), Stats.Percentile(latencies, 0.99),
            workers.Sum(w => w.Ok200), workers.Sum(w => w.NotModified304), workers.Sum(w => w.Other), workers.Select(w => w.FirstError).FirstOrDefault(e => e is not null), body);
    }

    private sealed class Worker
    {
        public List<double> Latencies { get; } = new(4096);

        public long Ok200 { get; set; }

        public long NotModified304 { get; set; }

        public long Other { get; set; }

        public long BodyBytes { get; set; }

        public string? FirstError { get; set; }
    }

    private static async Task<Worker> WorkAsync(IPEndPoint endpoint, byte[] request, long windowStart, long windowEnd)
    {
        var worker = new Worker();
        var buffer = new byte[64 * 1024];
        Socket? socket = null;
        while (Stopwatch.GetTimestamp() < windowEnd)
        {
            try
            {
                if (socket is null)
                {
                    socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    await socket.ConnectAsync(endpoint);
                }
                var sent = Stopwatch.GetTimestamp();
                await socket.SendAsync(request);
                var (status, bodyLength, keepAlive) = await ReadResponseAsync(socket, buffer);
                var done = Stopwatch.GetTimestamp();
                if (!keepAlive)
                {
                    socket.Dispose();
                    socket = null;
                }
                if (done < windowStart || done > windowEnd)
                {
                    continue;
                }
                switch (status)
                {
                    case 200:
                        worker.Ok200++;
                        break;
                    case 304:
                        worker.NotModified304++;
                        break;
                    default:
                        worker.Other++;
                        worker.FirstError ??= $"HTTP {status}";
                        continue;
                }
                worker.BodyBytes += bodyLength;
                worker.Latencies.Add(Stopwatch.GetElapsedTime(sent, done).TotalMilliseconds);
            }
            catch (Exception e) when (e is SocketException or IOException or InvalidOperationException)
            {
                worker.Other++;
                worker.FirstError ??= e.Message;
                socket?.Dispose();
                socket = null;
            }
        }
        socket?.Dispose();
        return worker;
    }

    /// <summary>Reads one response (no pipelining, so nothing follows it): its status, body length, and whether the connection stays open.</summary>
    private static async Task<(int Status, int BodyLength, bool KeepAlive)> ReadResponseAsync(Socket socket, byte[] buffer)
    {
        var filled = 0;
        var headerEnd = -1;
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None);
            if (read == 0)
            {
                throw new IOException("the server closed the connection");
            }
            filled += read;
            if (headerEnd < 0)
            {
                var end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
                if (end < 0)
                {
                    continue;
                }
                headerEnd = end + 4;
            }
            var head = Encoding.ASCII.GetString(buffer, 0, headerEnd);
            var status = int.Parse(head.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
            var keepAlive = !head.Contains("connection: close", StringComparison.OrdinalIgnoreCase);
            if (status is 304 or 204)
            {
                return (status, 0, keepAlive);
            }
            var length = Header(head, "content-length");
            if (length is not null)
            {
                var body = int.Parse(length, System.Globalization.CultureInfo.InvariantCulture);
                if (filled >= headerEnd + body)
                {
                    return (status, body, keepAlive);
                }
            }
            else if (ChunkedEnd(buffer.AsSpan(headerEnd, filled - headerEnd)) is var chunked and >= 0)
            {
                return (status, chunked, keepAlive);
            }
            if (filled == buffer.Length)
            {
                throw new InvalidOperationException("response larger than the buffer");
            }
        }
    }

    private static string? Header(string head, string name)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.Length > name.Length && line[name.Length] == ':' && line.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(name.Length + 1)..].Trim();
            }
        }
        return null;
    }

    /// <summary>The decoded length of a complete chunked body, or -1 while it is incomplete.</summary>
    private static int ChunkedEnd(ReadOnlySpan<byte> body)
    {
        var total = 0;
        while (true)
        {
            var line = body.IndexOf("\r\n"u8);
            if (line < 0)
            {
                return -1;
            }
            var size = 0;
            foreach (var b in body[..line])
            {
                var v = b switch
                {
                    >= (byte)'0' and <= (byte)'9' => b - '0',
                    >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                    >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                    _ => -1,
                };
                if (v < 0)
                {
                    break;
                }
                size = (size * 16) + v;
            }
            body = body[(line + 2)..];
            if (size == 0)
            {
                return body.StartsWith("\r\n"u8) ? total : -1;
            }
            if (body.Length < size + 2)
            {
                return -1;
            }
            total += size;
            body = body[(size + 2)..];
        }
    }
}
