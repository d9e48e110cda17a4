using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OpsCenter.Collector.Pull;

/// <summary>The kind of address a poll target was refused for, or <see cref="Scheme"/> for a URL that is not http(s).</summary>
public enum TargetRange
{
    Loopback,
    LinkLocal,
    Private,
    Shared,
    Unspecified,
    Multicast,
    Reserved,
    Scheme,
}

/// <summary>Why a poll target was refused: the address it resolved to (or the URL), its range, and the host name that led there.</summary>
public sealed record PollRefusal(string Target, TargetRange Range, string? Host = null)
{
    public string Describe() => Range switch
    {
        TargetRange.Scheme => $"target refused: {Target} is not an http(s) URL",
        _ when Host is null => $"target refused: {Target} is {Words(Range)}; add it to {PullOptions.Section}:{nameof(PullOptions.AllowedTargets)}",
        _ => $"target refused: {Host} resolves to {Target}, {Words(Range)}; add it to {PullOptions.Section}:{nameof(PullOptions.AllowedTargets)}",
    };

    private static string Words(TargetRange range) => range switch
    {
        TargetRange.Loopback => "a loopback address",
        TargetRange.LinkLocal => "a link-local address",
        TargetRange.Private => "a private address",
        TargetRange.Shared => "a shared (carrier-grade NAT) address",
        TargetRange.Unspecified => "an unspecified address",
        TargetRange.Multicast => "a multicast address",
        _ => "a reserved address",
    };
}

/// <summary>
/// Which addresses the health poller may connect to: every public address, and the internal ones
/// (loopback, link-local including cloud metadata, private, CGNAT, unspecified, multicast, reserved)
/// only when <see cref="PullOptions.AllowedTargets"/> lists them. Checked against the addresses a
/// host name resolves to at connect time, so a name pointing inward (or rebinding to) is caught.
/// </summary>
internal sealed class TargetPolicy
{
    private static readonly (IPNetwork Network, TargetRange Range)[] Internal =
    [
        (IPNetwork.Parse("0.0.0.0/8"), TargetRange.Unspecified),
        (IPNetwork.Parse("127.0.0.0/8"), TargetRange.Loopback),
        (IPNetwork.Parse("169.254.0.0/16"), TargetRange.LinkLocal),
        (IPNetwork.Parse("10.0.0.0/8"), TargetRange.Private),
        (IPNetwork.Parse("172.16.0.0/12"), TargetRange.Private),
        (IPNetwork.Parse("192.168.0.0/16"), TargetRange.Private),
        (IPNetwork.Parse("100.64.0.0/10"), TargetRange.Shared),
        (IPNetwork.Parse("224.0.0.0/4"), TargetRange.Multicast),
        (IPNetwork.Parse("240.0.0.0/4"), TargetRange.Reserved),
        (IPNetwork.Parse("::/128"), TargetRange.Unspecified),
        (IPNetwork.Parse("::1/128"), TargetRange.Loopback),
        (IPNetwork.Parse("fe80::/10"), TargetRange.LinkLocal),
        (IPNetwork.Parse("fc00::/7"), TargetRange.Private),
        (IPNetwork.Parse("fec0::/10"), TargetRange.Private),
        (IPNetwork.Parse("ff00::/8"), TargetRange.Multicast),
    ];

    // IPv4 addresses reached through the well-known NAT64 prefix are judged as the IPv4 address.
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    private readonly List<Entry> _allowed;

    public TargetPolicy(IEnumerable<string> allowedTargets) =>
        _allowed = [.. allowedTargets.Select(text => TryParseEntry(text, out var entry) ? entry : null).OfType<Entry>()];

    /// <summary>Null when a URL may be polled as far as its form goes (absolute, http or https); the address is checked at connect time.</summary>
    public static PollRefusal? CheckUrl(string url, out Uri? uri)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out uri) && uri.Scheme is "http" or "https")
        {
            return null;
        }
        uri = null;
        return new PollRefusal(url.Length > 80 ? url[..80] + "…" : url, TargetRange.Scheme);
    }

    /// <summary>Null when <paramref name="host"/> (as written in the URL) may be reached on <paramref name="port"/> at <paramref name="address"/>.</summary>
    public PollRefusal? Check(string host, int port, IPAddress address)
    {
        var plain = Normalize(address);
        if (RangeOf(plain) is not { } range)
        {
            return null;
        }
        var name = NameOf(host);
        if (_allowed.Any(e => e.Allows(name, port, plain)))
        {
            return null;
        }
        return new PollRefusal(plain.ToString(), range, IPAddress.TryParse(name, out _) ? null : name);
    }

    public static TargetRange? RangeOf(IPAddress address)
    {
        var plain = Normalize(address);
        foreach (var (network, range) in Internal)
        {
            if (network.BaseAddress.AddressFamily == plain.AddressFamily && network.Contains(plain))
            {
                return range;
            }
        }
        return null;
    }

    /// <summary>Reads one allow-list entry: a CIDR range, an address with or without a port, or a host name with or without a port.</summary>
    public static bool TryParseEntry(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Entry? entry)
    {
        entry = null;
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            return false;
        }
        if (value.Contains('/', StringComparison.Ordinal))
        {
            if (IPNetwork.TryParse(value, out var network))
            {
                entry = new Entry(network, null, null, null);
            }
            return entry is not null;
        }
        if (IPAddress.TryParse(value, out var address) && !value.StartsWith('['))
        {
            entry = new Entry(null, Normalize(address), null, null);
            return true;
        }
        if (IPEndPoint.TryParse(value, out var endpoint) && value.Contains(':', StringComparison.Ordinal) && endpoint.Port > 0)
        {
            entry = new Entry(null, Normalize(endpoint.Address), null, endpoint.Port);
            return true;
        }
        var colon = value.LastIndexOf(':');
        int? port = null;
        if (colon >= 0)
        {
            if (!int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
            {
                return false;
            }
            port = p;
            value = value[..colon];
        }
        var host = NameOf(value);
        if (Uri.CheckHostName(host) != UriHostNameType.Dns)
        {
            return false;
        }
        entry = new Entry(null, null, host, port);
        return true;
    }

    private static string NameOf(string host) => host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();

    /// <summary>IPv4-mapped and NAT64 addresses as the IPv4 address they carry; no IPv6 scope.</summary>
    private static IPAddress Normalize(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && Nat64.Contains(address))
        {
            return new IPAddress(address.GetAddressBytes().AsSpan(12));
        }
        return address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes()) : address;
    }

    internal sealed record Entry(IPNetwork? Network, IPAddress? Address, string? Host, int? Port)
    {
        public bool Allows(string host, int port, IPAddress address) =>
            (Port is null || Port == port)
            && (Network is { } network ? network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address)
                : Address is { } allowed ? allowed.Equals(address)
                : string.Equals(Host, host, StringComparison.Ordinal));
    }
}
