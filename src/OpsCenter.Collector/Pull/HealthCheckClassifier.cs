using System.Text.Json;
using OpsCenter.Domain.Health;

namespace OpsCenter.Collector.Pull;

/// <summary>
/// Turns a health endpoint's answer into a status: ASP.NET health-check JSON
/// (<c>{"status":"Healthy"}</c>) or text (<c>Healthy</c>, <c>Degraded</c>, <c>Unhealthy</c>), or, for
/// anything else, the status code alone (2xx up, otherwise down).
/// </summary>
internal static class HealthCheckClassifier
{
    public static (HealthStatus Status, string? Detail) Classify(int statusCode, string body)
    {
        var word = StatusWord(body);
        if (statusCode is >= 200 and < 300)
        {
            return word switch
            {
                "degraded" => (HealthStatus.Degraded, "Degraded"),
                "unhealthy" => (HealthStatus.Down, "Unhealthy"),
                _ => (HealthStatus.Up, null),
            };
        }
        return (HealthStatus.Down, word == "unhealthy" ? $"HTTP {statusCode} Unhealthy" : $"HTTP {statusCode}");
    }

    private static string? StatusWord(string body)
    {
        var text = body.Trim();
        if (text.StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(text);
                return json.RootElement.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
                    ? status.GetString()?.ToLowerInvariant()
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
        return text.Length <= 16 ? text.ToLowerInvariant() : null;
    }
}
