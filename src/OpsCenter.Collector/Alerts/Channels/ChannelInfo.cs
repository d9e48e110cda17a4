namespace OpsCenter.Collector.Alerts.Channels;

/// <summary>Whether a secret field holds a value; the value itself is never answered.</summary>
public sealed record SecretInfo(bool Set, bool Unreadable = false);

/// <summary>
/// A channel as an admin answer shows it: the configuration without secret values (each secret is
/// <c>{"set": true}</c>), and whether the channel is on or why it is off.
/// </summary>
public sealed record ChannelInfo(
    string Id,
    string Kind,
    string? Preset,
    bool Enabled,
    string? Url,
    string? Method,
    IReadOnlyDictionary<string, string> Headers,
    string? BodyTemplate,
    string? ContentType,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyDictionary<string, SecretInfo> Secrets,
    bool On,
    string? OffReason)
{
    public static ChannelInfo From(ChannelConfig config, ChannelState state)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(state);
        var secrets = config.Secrets.Where(s => !string.IsNullOrEmpty(s.Value)).ToDictionary(s => s.Key, _ => new SecretInfo(true));
        foreach (var name in config.UnreadableSecrets)
        {
            secrets[name] = new SecretInfo(false, Unreadable: true);
        }
        return new ChannelInfo(config.Id, config.Kind, config.Preset, config.Enabled, config.Url, config.Method, config.Headers,
            config.BodyTemplate, config.ContentType, config.Settings, secrets, state.On, state.Reason);
    }

    /// <summary>
    /// A changed channel's secrets as a PUT gives them: a field left out (or null) keeps its stored value,
    /// an empty string clears it, any other value replaces it. Answers never carry values, so an edit
    /// that did not touch a secret sends none.
    /// </summary>
    public static IReadOnlyDictionary<string, string> MergeSecrets(ChannelConfig? stored, IReadOnlyDictionary<string, string?>? changes)
    {
        var merged = stored is null ? [] : stored.Secrets.Where(s => !string.IsNullOrEmpty(s.Value)).ToDictionary(s => s.Key, s => s.Value);
        foreach (var (name, value) in changes ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                continue;
            }
            if (value.Length == 0)
            {
                merged.Remove(name);
            }
            else
            {
                merged[name] = value;
            }
        }
        return merged;
    }
}
