using System.Text.RegularExpressions;

namespace OpsCenter.Domain.Alerts;

/// <summary>
/// Refuses a bad rule with reasons that name the field, in the form the collector's 400s use
/// ("holdMinutes: 0-1440"), so an operator editing a file or a form sees what to fix.
/// </summary>
public static partial class AlertRuleValidator
{
    public const int MaxMinutes = 1440;

    public const int MaxPeriodMinutes = 10080;

    /// <summary>The reasons a rule is refused; empty when it is good.</summary>
    public static IReadOnlyList<string> Validate(AlertRule rule)
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(rule.Id) || !IdPattern().IsMatch(rule.Id))
        {
            errors.Add("id: 1-64 lowercase letters, digits or '-'");
        }
        Text(errors, "name", rule.Name);
        Text(errors, "nameEn", rule.NameEn);
        if (!Enum.IsDefined(rule.Kind))
        {
            errors.Add("kind: unknown");
        }
        if (!Enum.IsDefined(rule.Severity))
        {
            errors.Add("severity: unknown");
        }
        if (rule.HoldMinutes is < 0 or > MaxMinutes)
        {
            errors.Add($"holdMinutes: 0-{MaxMinutes}");
        }
        if (rule.ClearMinutes is < 0 or > MaxMinutes)
        {
            errors.Add($"clearMinutes: 0-{MaxMinutes}");
        }
        Scope(errors, rule.Scope);
        Parameters(errors, rule);
        return errors;
    }

    /// <summary>Every rule's reasons prefixed with its position, plus ids used twice.</summary>
    public static IReadOnlyList<string> ValidateSet(IReadOnlyList<AlertRule> rules)
    {
        var errors = new List<string>();
        for (var i = 0; i < rules.Count; i++)
        {
            errors.AddRange(Validate(rules[i]).Select(e => $"rules[{i}].{e}"));
        }
        errors.AddRange(rules.GroupBy(r => r.Id, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"rules: id '{g.Key}' is used {g.Count()} times"));
        return errors;
    }

    private static void Text(List<string> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 200)
        {
            errors.Add($"{field}: 1-200 characters");
        }
    }

    private static void Scope(List<string> errors, AlertScope? scope)
    {
        switch (scope)
        {
            case null:
                errors.Add("scope: required");
                break;
            case { Kind: AlertScopeKind.Group } when string.IsNullOrWhiteSpace(scope.GroupId):
                errors.Add("scope.groupId: required for a group scope");
                break;
            case { Kind: AlertScopeKind.Group } when scope.Units is not { Count: > 0 } || scope.Units.Any(string.IsNullOrWhiteSpace):
                errors.Add("scope.units: a group scope lists its units");
                break;
            case { Kind: AlertScopeKind.Unit } when string.IsNullOrWhiteSpace(scope.Unit):
                errors.Add("scope.unit: required for a unit scope");
                break;
            case { Kind: not (AlertScopeKind.All or AlertScopeKind.Group or AlertScopeKind.Unit) }:
                errors.Add("scope.kind: unknown");
                break;
            default:
                break;
        }
    }

    private static void Parameters(List<string> errors, AlertRule rule)
    {
        switch (rule.Kind)
        {
            case AlertRuleKind.LateDossiersAbove:
                Threshold(errors, rule, 0, 1_000_000, "a count, 0-1000000");
                break;
            case AlertRuleKind.LateDossiersRising:
                Threshold(errors, rule, 1, 1_000_000, "a count, 1-1000000");
                Period(errors, rule);
                break;
            case AlertRuleKind.OnTimeRateBelow:
                Threshold(errors, rule, 0, 1, "a fraction, 0-1");
                break;
            case AlertRuleKind.Index766Drop:
                Threshold(errors, rule, 0.1, 100, "points, 0.1-100");
                Period(errors, rule);
                break;
            case AlertRuleKind.SourceSilent when rule.PeriodMinutes is not null:
                Period(errors, rule);
                break;
            case AlertRuleKind.IncidentSeverity:
                Threshold(errors, rule, 1, 4, "an incident severity level, 1-4 (as ingest accepts)");
                break;
            case AlertRuleKind.OpsCenterHealth when string.IsNullOrWhiteSpace(rule.Component):
                errors.Add("component: required for opsCenterHealth");
                break;
            default:
                break;
        }
    }

    private static void Threshold(List<string> errors, AlertRule rule, double min, double max, string what)
    {
        if (rule.Threshold is not { } value || double.IsNaN(value) || value < min || value > max)
        {
            errors.Add($"threshold: {what}");
        }
    }

    private static void Period(List<string> errors, AlertRule rule)
    {
        if (rule.PeriodMinutes is not (>= 1 and <= MaxPeriodMinutes))
        {
            errors.Add($"periodMinutes: 1-{MaxPeriodMinutes}");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();
}
