using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace OpsCenter.Benchmarks.Live;

/// <summary>What a fleet of hub clients does with the messages it receives.</summary>
internal interface IHubListener
{
    /// <param name="argument">The first argument of an invocation the server sent (the delta).</param>
    /// <param name="receivedAt">When the WebSocket read that completed the message returned.</param>
    /// <param name="bytes">The size of the SignalR record.</param>
    void OnDelta(HubClient client, JsonElement argument, DateTimeOffset receivedAt, int bytes);

    /// <summary>The result of Subscribe (the scope's snapshot).</summary>
    void OnSnapshot(HubClient client, JsonElement snapshot)
    {
    }
}

/// <summary>
/// A lean SignalR client over a raw WebSocket, speaking the JSON hub protocol: the handshake
/// <c>{"protocol":"json","version":1}\u001e</c>, one invocation of <c>Subscribe(scope)</c>, then it
/// reads records separated by <c>\u001e</c>. No negotiate request (WebSockets only), no reconnect.
/// Cheap enough that 10,000 fit in one process: one 4 KB buffer each (grown only for the snapshot).
/// </summary>
internal sealed class HubClient
{
    private const byte Separator = 0x1e;
    private const int SmallBuffer = 4096;

    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    private readonly ClientWebSocket _ws = new();
    private readonly IHubListener _listener;
    private readonly TaskCompletionSource _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<long> _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(SmallBuffer);
    private int _count;
    private bool _handshaken;

    public HubClient(int index, IHubListener listener)
    {
        Index = index;
        _listener = listener;
        _ws.Options.KeepAliveInterval = TimeSpan.Zero; // SignalR's own pings keep the link alive
    }

    public int Index { get; }

    /// <summary>The sequence number of the scope last seen (snapshot, then each delta).</summary>
    public long LastSeq { get; set; } = -1;

    /// <summary>Deltas missed: the sum of the gaps in the sequence numbers.</summary>
    public long Lost { get; set; }

    public long Deltas { get; set; }

    public bool Closed { get; private set; }

    /// <summary>Counts a delta and the gap before it, if any (a repeat of what the snapshot held is no loss).</summary>
    public void Saw(long seq)
    {
        if (LastSeq >= 0 && seq > LastSeq + 1)
        {
            Lost += seq - LastSeq - 1;
        }
        LastSeq = Math.Max(LastSeq, seq);
        Deltas++;
    }

    public string? CloseReason { get; private set; }

    public async Task ConnectAsync(Uri uri, HttpMessageInvoker invoker, string scope, CancellationToken cancellationToken)
    {
        await _ws.ConnectAsync(uri, invoker, cancellationToken);
        _ = Task.Run(ReceiveLoopAsync, CancellationToken.None);
        await _ws.SendAsync(Handshake, WebSocketMessageType.Text, true, cancellationToken);
        await _handshake.Task.WaitAsync(cancellationToken);
        var invocation = Encoding.UTF8.GetBytes($"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"Subscribe\",\"arguments\":[\"{scope}\"]}}\u001e");
        await _ws.SendAsync(invocation, WebSocketMessageType.Text, true, cancellationToken);
        await _subscribed.Task.WaitAsync(cancellationToken);
    }

    public async Task PingAsync()
    {
        if (!Closed && _ws.State == WebSocketState.Open)
        {
            try
            {
                await _ws.SendAsync(Ping, WebSocketMessageType.Text, true, CancellationToken.None);
            }
            catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
            {
                Close(e.Message);
            }
        }
    }

    public void Abort()
    {
        Closed = true;
        _ws.Abort();
        _ws.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                if (_count == _buffer.Length)
                {
                    Resize(_buffer.Length * 2);
                }
                var result = await _ws.ReceiveAsync(_buffer.AsMemory(_count), CancellationToken.None);
                var receivedAt = DateTimeOffset.UtcNow;
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Close($"closed by the server: {_ws.CloseStatus} {_ws.CloseStatusDescription}");
                    return;
                }
                _count += result.Count;
                var start = 0;
                int end;
                while ((end = Array.IndexOf(_buffer, Separator, start, _count - start)) >= 0)
                {
                    Handle(_buffer.AsSpan(start, end - start), receivedAt);
                    start = end + 1;
                }
                if (start > 0)
                {
                    Buffer.BlockCopy(_buffer, start, _buffer, 0, _count - start);
                    _count -= start;
                }
                if (_count == 0 && _buffer.Length > SmallBuffer)
                {
                    Resize(SmallBuffer); // the snapshot was the big one
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            Close(e.Message);
        }
    }

    private void Resize(int size)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        Buffer.BlockCopy(_buffer, 0, bigger, 0, _count);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private void Handle(ReadOnlySpan<byte> record, DateTimeOffset receivedAt)
    {
        if (!_handshaken)
        {
            _handshaken = true;
            if (record.IndexOf("\"error\""u8) >= 0)
            {
                _handshake.TrySetException(new InvalidOperationException("Handshake refused: " + Encoding.UTF8.GetString(record)));
                return;
            }
            _handshake.TrySetResult();
            return;
        }
        using var document = JsonDocument.Parse(record.ToArray());
        var root = document.RootElement;
        switch (root.GetProperty("type").GetInt32())
        {
            case 1 when root.GetProperty("target").ValueEquals("Delta"):
                _listener.OnDelta(this, root.GetProperty("arguments")[0], receivedAt, record.Length + 1);
                break;
            case 3:
                if (root.TryGetProperty("error", out var error))
                {
                    _subscribed.TrySetException(new InvalidOperationException("Subscribe failed: " + error.GetString()));
                }
                else
                {
                    // A delta may overtake the completion: the sequence only moves forward.
                    var result = root.GetProperty("result");
                    _listener.OnSnapshot(this, result);
                    var seq = result.GetProperty("seq").GetInt64();
                    LastSeq = Math.Max(LastSeq, seq);
                    _subscribed.TrySetResult(seq);
                }
                break;
            case 7:
                Close("close message: " + (root.TryGetProperty("error", out var reason) ? reason.GetString() : "none"));
                break;
            default:
                break; // heartbeats, pings
        }
    }

    private void Close(string reason)
    {
        if (!Closed)
        {
            CloseReason = reason;
        }
        Closed = true;
        _handshake.TrySetException(new InvalidOperationException(reason));
        _subscribed.TrySetException(new InvalidOperationException(reason));
    }
}

/// <summary>
/// N lean clients subscribed to one scope, connected a few at a time from several loopback source
/// addresses (127.0.0.1-4, so that one address's ephemeral ports never run out), pinged every 10 s.
/// </summary>
internal sealed class HubFleet : IAsyncDisposable
{
    private readonly List<HubClient> _clients = [];
    private readonly List<SocketsHttpHandler> _handlers = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _pinger;

    public IReadOnlyList<HubClient> Clients => _clients;

    public static async Task<HubFleet> ConnectAsync(Uri hub, int count, string scope, IHubListener listener, int parallel = 64, Action<int>? progress = null)
    {
        var fleet = new HubFleet();
        var invokers = Enumerable.Range(1, 4).Select(i => new HttpMessageInvoker(fleet.Handler(IPAddress.Parse($"127.0.0.{i}")))).ToArray();
        var next = -1;
        var connected = 0;
        var failures = new List<Exception>();
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var client = new HubClient(i, listener);
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                        await client.ConnectAsync(hub, invokers[i % invokers.Length], scope, timeout.Token);
                        break;
                    }
                    catch (Exception e) when (attempt < 3 && e is not OutOfMemoryException)
                    {
                        client.Abort();
                        client = new HubClient(i, listener);
                        await Task.Delay(200 * attempt);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        lock (failures)
                        {
                            failures.Add(e);
                        }
                        client.Abort();
                        client = null!;
                        break;
                    }
                }
                if (client is not null)
                {
                    lock (fleet._clients)
                    {
                        fleet._clients.Add(client);
                    }
                    var n = Interlocked.Increment(ref connected);
                    if (n % 1000 == 0)
                    {
                        progress?.Invoke(n);
                    }
                }
            }
        })));
        if (failures.Count > 0)
        {
            await fleet.DisposeAsync();
            throw new InvalidOperationException($"{failures.Count} of {count} clients could not connect; first: {failures[0]}");
        }
        fleet._pinger = Task.Run(fleet.PingAsync);
        return fleet;
    }

    private SocketsHttpHandler Handler(IPAddress local)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _handlers.Add(handler);
        return handler;
    }

    // SignalR closes a client it has not heard from in 30 s: one small ping per client every 10 s, spread out.
    private async Task PingAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var started = DateTime.UtcNow;
            foreach (var chunk in _clients.Chunk(Math.Max(1, _clients.Count / 100)))
            {
                await Task.WhenAll(chunk.Select(c => c.PingAsync()));
                try
                {
                    await Task.Delay(90, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            var rest = TimeSpan.FromSeconds(10) - (DateTime.UtcNow - started);
            if (rest > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(rest, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_pinger is not null)
        {
            await _pinger;
        }
        foreach (var client in _clients)
        {
            client.Abort();
        }
        foreach (var handler in _handlers)
        {
            handler.Dispose();
        }
        _stop.Dispose();
    }
}
