using System.Net;
using System.Net.Sockets;

namespace OpsCenter.Collector.Pull;

/// <summary>A poll target that <see cref="TargetPolicy"/> refused; no connection was made.</summary>
internal sealed class TargetRefusedException(PollRefusal refusal) : Exception(refusal.Describe())
{
    public PollRefusal Refusal { get; } = refusal;
}

/// <summary>
/// The health poller's connect step (<see cref="SocketsHttpHandler.ConnectCallback"/>): resolves the
/// host, checks every address it resolves to, and only then connects. The check happens on the
/// addresses actually dialled, so a host name pointing inward, or one that rebinds between checks,
/// is refused like a literal address.
/// </summary>
internal static class TargetGuard
{
    /// <summary>
    /// A handler that dials only what <see cref="TargetPolicy"/> allows (the allow-list read at each
    /// connect): no proxy (it would be the address checked instead of the target's), no redirects, no
    /// decompression. Connections are renewed after <paramref name="connectionLifetime"/> so that a change
    /// to the allow-list applies to targets already connected. The health poller and the alert channels
    /// send through it.
    /// </summary>
    public static SocketsHttpHandler Handler(Func<IEnumerable<string>> allowedTargets, TimeSpan connectionLifetime) => new()
    {
        PooledConnectionLifetime = connectionLifetime,
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, new TargetPolicy(allowedTargets()), cancellationToken),
    };

    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, TargetPolicy policy, CancellationToken cancellationToken)
    {
        var host = endpoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        foreach (var address in addresses)
        {
            if (policy.Check(host, endpoint.Port, address) is { } refusal)
            {
                throw new TargetRefusedException(refusal);
            }
        }
        SocketException? failure = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                failure = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw failure ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>The refusal behind a failed request, if the guard refused its target.</summary>
    public static PollRefusal? RefusalIn(Exception exception)
    {
        for (var e = (Exception?)exception; e is not null; e = e.InnerException)
        {
            if (e is TargetRefusedException refused)
            {
                return refused.Refusal;
            }
        }
        return null;
    }
}
