using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OpsCenter.Benchmarks.Embed;

/// <summary>One <c>event: status</c> a viewer received: which update, when the server built it, when it arrived (UTC ticks).</summary>
internal readonly record struct Arrival(long DataAtTicks, long GeneratedAtTicks, long ArrivedTicks, int Bytes);

/// <summary>
/// Many Server-Sent Event viewers of one stream, lean: a raw socket each, an HTTP/1.1 GET written by
/// hand, the (chunked) body decoded and the events parsed in place. A viewer waits with a zero-byte
/// read, so it holds no buffer between events; thousands share the thread pool.
/// </summary>
internal sealed class SseViewers : IAsyncDisposable
{
    private readonly List<SseViewer> _viewers = [];

    public IReadOnlyList<SseViewer> Viewers => _viewers;

    /// <summary>Seconds each viewer took from connect to its first status event.</summary>
    public List<double> ConnectSeconds { get; } = [];

    public int Failed { get; private set; }

    public string? FirstError { get; private set; }

    /// <summary>Opens <paramref name="count"/> viewers of <paramref name="stream"/>, at most <paramref name="parallel"/> connecting at once; returns when each has its first status or failed.</summary>
    public static async Task<SseViewers> OpenAsync(Uri stream, int count, int parallel = 100)
    {
        var viewers = new SseViewers();
        var endpoint = new IPEndPoint(IPAddress.Parse(stream.Host), stream.Port);
        var request = Encoding.ASCII.GetBytes(
            $"GET {stream.PathAndQuery} HTTP/1.1\r\nHost: {stream.Authority}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n");
        using var gate = new SemaphoreSlim(parallel);
        var opening = new List<Task>(count);
        var sync = new Lock();
        for (var i = 0; i < count; i++)
        {
            await gate.WaitAsync();
            opening.Add(Task.Run(async () =>
            {
                var viewer = new SseViewer();
                try
                {
                    var started = DateTime.UtcNow.Ticks;
                    await viewer.StartAsync(endpoint, request).WaitAsync(TimeSpan.FromSeconds(60));
                    lock (sync)
                    {
                        viewers._viewers.Add(viewer);
                        viewers.ConnectSeconds.Add((viewer.FirstEventTicks - started) / (double)TimeSpan.TicksPerSecond);
                    }
                }
                catch (Exception e) when (e is SocketException or IOException or TimeoutException or InvalidOperationException)
                {
                    viewer.Close();
                    lock (sync)
                    {
                        viewers.Failed++;
                        viewers.FirstError ??= e.Message;
                    }
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        await Task.WhenAll(opening);
        return viewers;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var viewer in _viewers)
        {
            viewer.Close();
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>One viewer: the socket, the HTTP and chunk decoding state, and what arrived.</summary>
internal sealed class SseViewer
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] DataAtField = "\"dataAt\":\""u8.ToArray();
    private static readonly byte[] GeneratedAtField = "\"generatedAt\":\""u8.ToArray();

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private byte[]? _header; // the response head while it arrives
    private int _headerLength;
    private bool _body;
    private bool _chunked;
    private long _chunkLeft; // bytes of chunk data still to come; -1 while reading a size line, -2 while skipping its CRLF after the data
    private long _chunkSize;
    private bool _inExtension;
    private byte[]? _carry; // an event (decoded) that is not complete yet
    private int _carryLength;
    private bool _sawFirst;

    public List<Arrival> Arrivals { get; } = new(32);

    public long FirstEventTicks { get; private set; }

    public bool Closed { get; private set; }

    public string? Error { get; private set; }

    public int Heartbeats { get; private set; }

    public async Task StartAsync(IPEndPoint endpoint, byte[] request)
    {
        await _socket.ConnectAsync(endpoint);
        await _socket.SendAsync(request);
        _chunkLeft = -1;
        _ = Task.Run(ReceiveLoopAsync);
        await _first.Task;
    }

    public void Close()
    {
        try
        {
            // Reset, not FIN: no TIME_WAIT left behind for thousands of ports.
            _socket.LingerState = new LingerOption(true, 0);
            _socket.Close();
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
        }
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                // Wait for data without holding a buffer, then read what is there.
                await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
                var arrived = DateTime.UtcNow.Ticks;
                var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
                try
                {
                    var read = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                    if (read == 0)
                    {
                        Fail("the server closed the stream");
                        return;
                    }
                    Feed(buffer.AsSpan(0, read), arrived);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException or InvalidOperationException or FormatException)
        {
            Fail(e.Message);
        }
    }

    private void Fail(string error)
    {
        Closed = true;
        Error ??= error;
        _first.TrySetException(new IOException(error));
        ReturnCarry();
    }

    private void Feed(Span<byte> data, long arrived)
    {
        if (!_body)
        {
            _header ??= new byte[4096];
            var take = Math.Min(data.Length, _header.Length - _headerLength);
            data[..take].CopyTo(_header.AsSpan(_headerLength));
            var head = _header.AsSpan(0, _headerLength + take);
            var end = head.IndexOf(HeaderEnd);
            if (end < 0)
            {
                _headerLength += take;
                if (_headerLength == _header.Length)
                {
                    throw new InvalidOperationException("response head too long");
                }
                return;
            }
            var text = Encoding.ASCII.GetString(head[..end]);
            if (!text.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("stream refused: " + text.Split("\r\n")[0]);
            }
            _chunked = text.Contains("transfer-encoding: chunked", StringComparison.OrdinalIgnoreCase);
            _body = true;
            var consumed = end + HeaderEnd.Length - _headerLength; // of this read
            _header = null;
            data = data[consumed..];
        }
        var decoded = _chunked ? Dechunk(data) : data;
        if (decoded.Length > 0)
        {
            Parse(decoded, arrived);
        }
    }

    /// <summary>Decodes chunked transfer coding in place (the output is never longer than the input).</summary>
    private Span<byte> Dechunk(Span<byte> data)
    {
        var write = 0;
        var i = 0;
        while (i < data.Length)
        {
            if (_chunkLeft > 0)
            {
                var n = (int)Math.Min(_chunkLeft, data.Length - i);
                data.Slice(i, n).CopyTo(data[write..]);
                write += n;
                i += n;
                _chunkLeft -= n;
                if (_chunkLeft == 0)
                {
                    _chunkLeft = -2;
                }
            }
            else if (_chunkLeft == -2)
            {
                // The CRLF after a chunk's data: skip until the LF.
                if (data[i++] == (byte)'\n')
                {
                    _chunkLeft = -1;
                    _chunkSize = 0;
                }
            }
            else
            {
                // A size line: hex digits, maybe extensions, CRLF.
                var b = data[i++];
                if (b == (byte)'\n')
                {
                    if (_chunkSize == 0)
                    {
                        throw new IOException("the server ended the stream");
                    }
                    _chunkLeft = _chunkSize;
                    _inExtension = false;
                }
                else if (b == (byte)';')
                {
                    _inExtension = true; // chunk extensions: ignored
                }
                else if (!_inExtension && HexValue(b) is var v and >= 0)
                {
                    _chunkSize = (_chunkSize * 16) + v;
                }
            }
        }
        return data[..write];
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private void Parse(Span<byte> decoded, long arrived)
    {
        Span<byte> text;
        if (_carryLength > 0)
        {
            EnsureCarry(_carryLength + decoded.Length);
            decoded.CopyTo(_carry.AsSpan(_carryLength));
            _carryLength += decoded.Length;
            text = _carry.AsSpan(0, _carryLength);
        }
        else
        {
            text = decoded;
        }
        while (true)
        {
            var end = text.IndexOf(EventEnd);
            if (end < 0)
            {
                break;
            }
            OnEvent(text[..end], arrived);
            text = text[(end + EventEnd.Length)..];
        }
        if (text.Length == 0)
        {
            ReturnCarry();
            return;
        }
        if (_carry is not null && text.Overlaps(_carry))
        {
            text.CopyTo(_carry);
        }
        else
        {
            EnsureCarry(text.Length);
            text.CopyTo(_carry);
        }
        _carryLength = text.Length;
    }

    private void EnsureCarry(int length)
    {
        if (_carry is null || _carry.Length < length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(length, 4096));
            if (_carry is not null)
            {
                _carry.AsSpan(0, _carryLength).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_carry);
            }
            _carry = bigger;
        }
    }

    private void ReturnCarry()
    {
        _carryLength = 0;
        if (_carry is { } carry)
        {
            _carry = null;
            ArrayPool<byte>.Shared.Return(carry);
        }
    }

    private void OnEvent(ReadOnlySpan<byte> block, long arrived)
    {
        if (block.StartsWith(": heartbeat"u8))
        {
            Heartbeats++;
            return;
        }
        if (!block.StartsWith("event: status\n"u8))
        {
            return; // retry:, other events
        }
        if (!_sawFirst)
        {
            _sawFirst = true;
            FirstEventTicks = arrived;
            _first.TrySetResult();
            return; // the snapshot every viewer gets on connecting
        }
        var dataAt = Timestamp(block, DataAtField);
        var generatedAt = Timestamp(block, GeneratedAtField);
        if (dataAt > 0 && generatedAt > 0)
        {
            Arrivals.Add(new Arrival(dataAt, generatedAt, arrived, block.Length + EventEnd.Length));
        }
    }

    private static long Timestamp(ReadOnlySpan<byte> block, ReadOnlySpan<byte> field)
    {
        var at = block.IndexOf(field);
        if (at < 0)
        {
            return 0;
        }
        var value = block[(at + field.Length)..];
        var end = value.IndexOf((byte)'"');
        return end < 0 ? 0 : DateTimeOffset.Parse(Encoding.ASCII.GetString(value[..end]), CultureInfo.InvariantCulture).UtcTicks;
    }
}
