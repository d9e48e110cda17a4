namespace OpsCenter.Wall.Access;

/// <summary>
/// Where a typed client sends its requests: the configured URL when one is set (a deployment without
/// Aspire, the in-process tests' stand-in), else the service's name, which service discovery resolves
/// from the <c>services:&lt;name&gt;:http(s):0</c> configuration the AppHost injects (https preferred).
/// </summary>
public static class ServiceAddress
{
    public static Uri Of(string? configuredUrl, string serviceName) =>
        new(string.IsNullOrWhiteSpace(configuredUrl) ? $"https+http://{serviceName}" : configuredUrl);

    /// <summary>Whether the service can be reached: a configured URL, or a service reference in configuration.</summary>
    public static bool IsKnown(string? configuredUrl, string serviceName, IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuredUrl) || configuration.GetSection($"services:{serviceName}").Exists();
}
