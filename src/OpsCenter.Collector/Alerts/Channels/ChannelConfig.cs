namespace OpsCenter.Collector.Alerts.Channels;

/// <summary>
/// One configured channel as the senders use it (secrets in plain text, in memory only; the store
/// keeps them encrypted). A preset fills <see cref="Url"/>, <see cref="Method"/>, <see cref="Headers"/>
/// and <see cref="BodyTemplate"/> when they are left empty.
/// </summary>
public sealed record ChannelConfig
{
    /// <summary>Lower-case letters, digits and dashes.</summary>
    public required string Id { get; init; }

    /// <summary><see cref="ChannelKinds.Webhook"/> or <see cref="ChannelKinds.Http"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>For <see cref="ChannelKinds.Http"/>: <c>zalo-zns</c>, <c>zalo-oa</c>, <c>esms</c> (see <see cref="ChannelPresets"/>) or null for a custom request.</summary>
    public string? Preset { get; init; }

    public bool Enabled { get; init; } = true;

    public string? Url { get; init; }

    public string? Method { get; init; }

    /// <summary>Header templates; a value may name a secret (<c>{{secret:accessToken}}</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public string? BodyTemplate { get; init; }

    /// <summary><c>application/json</c> (values JSON-escaped) unless said otherwise.</summary>
    public string? ContentType { get; init; }

    /// <summary>Fields that are not secret (ZNS <c>templateId</c>, SMS <c>brandname</c>, ...).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Secret fields by name (<c>secret</c>, <c>accessToken</c>, <c>apiKey</c>, <c>secretKey</c>), in plain text.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    /// <summary>Secrets stored but not readable here (the Data Protection key ring that wrote them is not this process's).</summary>
    public IReadOnlySet<string> UnreadableSecrets { get; init; } = new HashSet<string>();

    public string? Setting(string name) => Settings.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    public string? Secret(string name) => Secrets.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    /// <summary>Null when the secret is there; otherwise why the channel is off (<c>no access token</c>).</summary>
    public string? MissingSecret(string name) => Secret(name) is not null ? null
        : UnreadableSecrets.Contains(name) ? $"the {Words(name)} cannot be decrypted (another Data Protection key ring wrote it: set it again)"
        : $"no {Words(name)}";

    /// <summary><c>accessToken</c> → "access token", <c>apiKey</c> → "API key".</summary>
    public static string Words(string field) => field switch
    {
        "accessToken" => "access token",
        "apiKey" => "API key",
        "secretKey" => "secret key",
        "secret" => "signing secret",
        _ => field,
    };
}
