namespace OpsCenter.Wall.Access;

/// <summary>A wall screen provisioned by configuration rather than pairing (e.g. kiosks set up by script).</summary>
public sealed class ConfiguredDevice
{
    public string Name { get; set; } = "";

    public string Token { get; set; } = "";

    /// <summary>The view it shows; empty: any wall view (its URL chooses).</summary>
    public string? View { get; set; }
}

public sealed class AccessOptions
{
    public const string Section = "Access";

    /// <summary>The collector's base URL (admin API); when unset, the AppHost's <c>collector</c> found by service discovery.</summary>
    public string? CollectorUrl { get; set; }

    /// <summary>The Wall's admin key for the collector: sign-in checks, devices, and admin pages on behalf of the signed-in admin.</summary>
    public string? AdminKey { get; set; }

    public List<ConfiguredDevice> Devices { get; } = [];

    /// <summary>How often an open page re-checks that its person or screen is still allowed.</summary>
    public TimeSpan RevalidateInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the collector's answer about a person's session is reused (a request within it is not checked again).</summary>
    public TimeSpan SessionCheckCache { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A person's session (sliding): walls never depend on it, they hold device tokens.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(10);
}
