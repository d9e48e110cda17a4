using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OpsCenter.Collector.Tests.Pull;

/// <summary>
/// A minimal HTTP/1.1 server on loopback that answers every request with a 64 MiB body, declared
/// (<c>/huge-declared</c>, Content-Length) or not (<c>/huge-chunked</c>, chunked), written straight to
/// the socket: a write fails once the client has closed the connection, so <see cref="Sends"/> tells
/// how much the client let through. (Kestrel accepts writes after the client is gone.)
/// </summary>
public sealed class HugeBodyServer : IAsyncDisposable
{
    public const long BodyBytes = 64L * 1024 * 1024;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public HugeBodyServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public sealed record Send(string Path, long Written, bool Completed);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<Send> Sends { get; } = new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = Task.Run(() => AnswerAsync(client));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var path = await ReadRequestPathAsync(stream);
        var chunked = path == "/huge-chunked";
        var written = 0L;
        try
        {
            var head = chunked
                ? "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                : $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {BodyBytes}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
            var piece = new byte[64 * 1024];
            Array.Fill(piece, (byte)'x');
            var chunkHead = Encoding.ASCII.GetBytes($"{piece.Length:x}\r\n");
            var crlf = "\r\n"u8.ToArray();
            while (written < BodyBytes)
            {
                if (chunked)
                {
                    await stream.WriteAsync(chunkHead, _stop.Token);
                }
                await stream.WriteAsync(piece, _stop.Token);
                if (chunked)
                {
                    await stream.WriteAsync(crlf, _stop.Token);
                }
                written += piece.Length;
            }
            if (chunked)
            {
                await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), _stop.Token);
            }
            Sends.Enqueue(new Send(path, written, Completed: true));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            Sends.Enqueue(new Send(path, written, Completed: false));
        }
    }

    private static async Task<string> ReadRequestPathAsync(NetworkStream stream)
    {
        var request = new StringBuilder();
        var buffer = new byte[1024];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && request.Length < 16 * 1024)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }
            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        var line = request.ToString().Split("\r\n")[0].Split(' ');
        return line.Length > 1 ? line[1] : "";
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
