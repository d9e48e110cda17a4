using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpsCenter.Contracts;

/// <summary>
/// The JSON every OpsCenter process speaks: web defaults (camelCase), enums as camelCase strings
/// (never numbers) and numbers as numbers (never strings).
/// <see cref="Options"/> tolerates unknown members, so that processes of different versions keep
/// talking while a contract grows; <see cref="Strict"/> refuses them, for what sources send us:
/// there a misspelt field must be an error, not a silent loss, and unexpected fields may carry
/// personal data.
/// </summary>
public static class WireJson
{
    public static JsonSerializerOptions Options { get; } = Create(strict: false);

    public static JsonSerializerOptions Strict { get; } = Create(strict: true);

    public static void Configure(JsonSerializerOptions options, bool strict = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.UnmappedMemberHandling = strict ? JsonUnmappedMemberHandling.Disallow : JsonUnmappedMemberHandling.Skip;
        options.MaxDepth = 16;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }

    private static JsonSerializerOptions Create(bool strict)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options, strict);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
