using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpsCenter.Domain.Alerts.Routing;

/// <summary>A parsed routing file: the document when it parsed and validated, every reason when it did not.</summary>
public sealed record RoutingParse(RoutingDocument? Document, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0 && Document is not null;
}

/// <summary>
/// The JSON of a <see cref="RoutingDocument"/>: camelCase, enums as camelCase strings ("systemDown",
/// "critical", "monday"), absent lists left out. Unknown fields are refused: a misspelt
/// "afterMinute" would otherwise fall back to 0 and page the next tier at once.
/// </summary>
public static class RoutingFile
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(RoutingDocument document) => JsonSerializer.Serialize(document, JsonOptions);

    /// <summary>Parses and validates; a document with any reason is refused whole, so the caller keeps its last good one.</summary>
    public static RoutingParse Parse(string json)
    {
        RoutingDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<RoutingDocument>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            return new(null, [$"{Field(e.Path)}: {e.Message}"]);
        }
        if (document is null)
        {
            return new(null, ["$: a routing object is required"]);
        }
        var errors = RoutingValidator.Validate(document);
        return new(errors.Count == 0 ? document : null, errors);
    }

    /// <summary>"$.policies[1].tiers[0].afterMinute" as the validator names fields: "policies[1].tiers[0].afterMinute".</summary>
    private static string Field(string? path) => string.IsNullOrEmpty(path) || path == "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
}
