using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace OpsCenter.Domain.Alerts;

/// <summary>One rule of a parsed file: the rule when it is good, the reasons when it is not.</summary>
public sealed record AlertRuleParse(int Index, AlertRule? Rule, IReadOnlyList<string> Errors);

/// <summary>
/// A parsed rule-set file. <see cref="Rules"/> is empty unless every rule is good: a set with any
/// bad rule is refused as a whole (with every reason), so the caller keeps its last good set.
/// </summary>
public sealed record AlertRuleSetParse(IReadOnlyList<AlertRuleParse> Entries, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;

    public IReadOnlyList<AlertRule> Rules => IsValid ? [.. Entries.Select(e => e.Rule!)] : [];
}

/// <summary>
/// The file format of dashboards/alerts/*.json: <c>{ "rules": [ ... ] }</c>, camelCase, enums as
/// camelCase strings. Unknown fields are refused rather than ignored: a misspelt "holdMinuts"
/// would otherwise silently fall back to the default and fire at the wrong time.
/// </summary>
public static class AlertRuleSet
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Hold, Clear and Period are the minutes as time spans: not written (an editor showing "hold" would
        // invite edits that change nothing), still accepted when read (sets stored before were written with them).
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { HideComputedSpans } },
    };

    private static void HideComputedSpans(JsonTypeInfo info)
    {
        if (info.Type != typeof(AlertRule))
        {
            return;
        }
        foreach (var property in info.Properties.Where(p => p.Set is null && p.PropertyType == typeof(TimeSpan)))
        {
            property.ShouldSerialize = static (_, _) => false;
        }
    }

    public static string Serialize(IReadOnlyList<AlertRule> rules) =>
        JsonSerializer.Serialize(new RuleSetFile(rules), JsonOptions);

    /// <summary>Parses and validates a file; every rule is checked, so all reasons come back at once.</summary>
    public static AlertRuleSetParse Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return new([], [$"$: not JSON ({e.Message})"]);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("rules", out var array)
                || array.ValueKind != JsonValueKind.Array)
            {
                return new([], ["rules: an array of rules is required"]);
            }
            var entries = array.EnumerateArray().Select(ParseOne).ToList();
            var errors = entries.SelectMany(e => e.Errors).ToList();
            var good = entries.Where(e => e.Rule is not null).Select(e => e.Rule!).ToList();
            errors.AddRange(good.GroupBy(r => r.Id, StringComparer.Ordinal).Where(g => g.Count() > 1)
                .Select(g => $"rules: id '{g.Key}' is used {g.Count()} times"));
            return new(entries, errors);
        }
    }

    private static AlertRuleParse ParseOne(JsonElement element, int index)
    {
        AlertRule? rule;
        try
        {
            rule = element.Deserialize<AlertRule>(JsonOptions);
        }
        catch (JsonException e)
        {
            return new(index, null, [$"rules[{index}]: {e.Message}"]);
        }
        if (rule is null)
        {
            return new(index, null, [$"rules[{index}]: a rule object is required"]);
        }
        var errors = AlertRuleValidator.Validate(rule).Select(e => $"rules[{index}].{e}").ToList();
        return new(index, errors.Count == 0 ? rule : null, errors);
    }

    private sealed record RuleSetFile(IReadOnlyList<AlertRule> Rules);
}
