using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpsCenter.Domain.People;

namespace OpsCenter.Wall.Access;

/// <summary>A wall screen as the Wall sees it: from configuration or from pairing.</summary>
/// <param name="View">The view it must show; null for a configured screen that may show any.</param>
public sealed record Screen(string Id, string Name, string Status, string? View, string? PairingCode, DateTimeOffset? PairingExpiresAt)
{
    public bool IsActive => Status == DeviceStatus.Active;
}

/// <summary>
/// Answers "which screen holds this token?" for every request and circuit of every screen,
/// asking the collector at most once per token per few seconds (a wall of 30 screens re-checking
/// every 10 s costs the collector 3 requests a second). When the collector cannot be reached, a
/// screen already known keeps its last answer: a collector restart must not blank the walls.
/// </summary>
public sealed partial class DeviceDirectory(CollectorAdmin admin, IOptionsMonitor<AccessOptions> options, TimeProvider time, ILogger<DeviceDirectory> logger)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (Screen? Screen, DateTimeOffset At)> _known = new(StringComparer.Ordinal);

    public async Task<Screen?> FindAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return null;
        }
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        foreach (var configured in options.CurrentValue.Devices)
        {
            if (configured.Token.Length > 0 && CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(configured.Token))))
            {
                return new Screen("config:" + configured.Name, configured.Name, DeviceStatus.Active, string.IsNullOrWhiteSpace(configured.View) ? null : configured.View, null, null);
            }
        }
        var key = Convert.ToHexString(presented);
        var now = time.GetUtcNow();
        if (_known.TryGetValue(key, out var cached) && now - cached.At < Fresh)
        {
            return cached.Screen;
        }
        try
        {
            var device = await admin.AuthenticateDeviceAsync(token, cancellationToken);
            var screen = device is null ? null : new Screen(device.Id, device.Name, device.Status, device.View, device.PairingCode, device.PairingExpiresAt);
            _known[key] = (screen, now);
            return screen;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or AdminRequestException && !cancellationToken.IsCancellationRequested)
        {
            LogCollectorUnreachable(e.Message);
            return cached.Screen;
        }
    }

    /// <summary>Forgets a token's answer (after pairing or revocation) so the next check asks the collector.</summary>
    public void Forget(string token) => _known.TryRemove(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))), out _);

    [LoggerMessage(LogLevel.Warning, "Checking a screen's token failed; keeping its last answer: {Reason}")]
    private partial void LogCollectorUnreachable(string reason);
}
