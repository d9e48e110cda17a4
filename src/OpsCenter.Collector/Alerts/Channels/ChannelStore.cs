using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using OpsCenter.Storage;
using OpsCenter.Storage.Admin;

namespace OpsCenter.Collector.Alerts.Channels;

/// <summary>
/// The channels' configuration in the settings row <see cref="Setting"/>: everything as it is except the
/// secret fields, each encrypted with ASP.NET Core Data Protection (purpose <see cref="Purpose"/>). A secret
/// the key ring cannot read (written by another ring) is left out and named in
/// <see cref="ChannelConfig.UnreadableSecrets"/>, so the channel says it is off and why. The audit entry of
/// a save names the channels and which secrets are set, never a secret's value (or its ciphertext).
/// </summary>
public sealed class ChannelStore(AdminStore admin, IDataProtectionProvider protection)
{
    public const string Setting = "alerts.channels";
    public const string Purpose = "OpsCenter.Alerts.Channels";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    public async Task<IReadOnlyList<ChannelConfig>> LoadAsync(CancellationToken cancellationToken)
    {
        var json = await admin.GetSettingAsync(Setting, cancellationToken);
        var stored = json is null ? null : JsonSerializer.Deserialize<StoredChannels>(json, Json);
        return stored is null ? [] : [.. stored.Channels.Select(Unprotect)];
    }

    /// <summary>Replaces every channel's configuration (the caller has merged secrets it did not change) and audits <c>alert-channels.saved</c>.</summary>
    public async Task SaveAsync(IReadOnlyList<ChannelConfig> channels, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channels);
        var json = JsonSerializer.Serialize(new StoredChannels([.. channels.Select(Protect)]), Json);
        var details = channels.Select(c => new
        {
            c.Id, c.Kind, c.Preset, c.Enabled, c.Url,
            secretsSet = c.Secrets.Where(s => !string.IsNullOrEmpty(s.Value)).Select(s => s.Key).Order(StringComparer.Ordinal).ToArray(),
        });
        await admin.SaveSettingAsync(Setting, json, actor, "alert-channels.saved", new { channels = details }, cancellationToken);
    }

    private StoredChannel Protect(ChannelConfig c) => new(c.Id, c.Kind, c.Preset, c.Enabled, c.Url, c.Method,
        new Dictionary<string, string>(c.Headers), c.BodyTemplate, c.ContentType, new Dictionary<string, string>(c.Settings),
        c.Secrets.Where(s => !string.IsNullOrEmpty(s.Value)).ToDictionary(s => s.Key, s => _protector.Protect(s.Value)));

    private ChannelConfig Unprotect(StoredChannel c)
    {
        var secrets = new Dictionary<string, string>();
        var unreadable = new HashSet<string>();
        foreach (var (name, cipher) in c.Secrets ?? [])
        {
            try
            {
                secrets[name] = _protector.Unprotect(cipher);
            }
            catch (CryptographicException)
            {
                unreadable.Add(name);
            }
        }
        return new ChannelConfig
        {
            Id = c.Id, Kind = c.Kind, Preset = c.Preset, Enabled = c.Enabled, Url = c.Url, Method = c.Method,
            Headers = c.Headers ?? [], BodyTemplate = c.BodyTemplate, ContentType = c.ContentType, Settings = c.Settings ?? [],
            Secrets = secrets, UnreadableSecrets = unreadable,
        };
    }

    private sealed record StoredChannels(IReadOnlyList<StoredChannel> Channels);

    private sealed record StoredChannel(string Id, string Kind, string? Preset, bool Enabled, string? Url, string? Method,
        Dictionary<string, string>? Headers, string? BodyTemplate, string? ContentType, Dictionary<string, string>? Settings,
        Dictionary<string, string>? Secrets);
}
