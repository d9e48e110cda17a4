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
