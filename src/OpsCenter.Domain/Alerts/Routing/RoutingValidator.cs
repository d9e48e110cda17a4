using System.Text.RegularExpressions;

namespace OpsCenter.Domain.Alerts.Routing;

/// <summary>
/// Refuses a bad routing document with reasons that name the field, as <see cref="AlertRuleValidator"/>
/// does ("policies[1].tiers[0].afterMinutes: 0-10080"). A document with any reason is refused whole.
/// </summary>
public static partial class RoutingValidator
{
    public const int MaxMinutes = 10080;

    public const int MaxTiers = 10;

    /// <summary>The reasons the document is refused; empty when it is good.</summary>
    public static IReadOnlyList<string> Validate(RoutingDocument document)
    {
        var errors = new List<string>();
        var teams = document.TeamList;
        for (var i = 0; i < teams.Count; i++)
        {
            Team(errors, $"teams[{i}]", teams[i]);
        }
        Unique(errors, "teams", teams.Select(t => t?.Id));
        var teamIds = teams.Where(t => t is not null).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var policies = document.PolicyList;
        for (var i = 0; i < policies.Count; i++)
        {
            Policy(errors, $"policies[{i}]", policies[i], teamIds);
        }
        Unique(errors, "policies", policies.Select(p => p?.Id));
        var people = document.PeopleList;
        for (var i = 0; i < people.Count; i++)
        {
            Person(errors, $"people[{i}]", people[i]);
        }
        Unique(errors, "people", people.Select(p => p?.Username), "username");
        return errors;
    }

    private static void Team(List<string> errors, string at, RoutingTeam? team)
    {
        if (team is null)
        {
            errors.Add($"{at}: a team object is required");
            return;
        }
        Id(errors, at, team.Id);
        Text(errors, $"{at}.name", team.Name);
        Text(errors, $"{at}.nameEn", team.NameEn);
        Offset(errors, $"{at}.utcOffset", team.UtcOffset);
        if (team.Shifts is not { Count: > 0 })
        {
            errors.Add($"{at}.shifts: at least one shift");
            return;
        }
        for (var i = 0; i < team.Shifts.Count; i++)
        {
            var path = $"{at}.shifts[{i}]";
            if (team.Shifts[i] is not { } shift)
            {
                errors.Add($"{path}: a shift object is required");
                continue;
            }
            if (shift.Days is not { Count: > 0 } || shift.Days.Distinct().Count() != shift.Days.Count || shift.Days.Any(d => !Enum.IsDefined(d)))
            {
                errors.Add($"{path}.days: one or more of monday-sunday, each once");
            }
            Time(errors, $"{path}.from", shift.From);
            Time(errors, $"{path}.to", shift.To);
            Usernames(errors, $"{path}.people", shift.People);
        }
    }

    private static void Policy(List<string> errors, string at, RoutingPolicy? policy, IReadOnlyCollection<string> teamIds)
    {
        if (policy is null)
        {
            errors.Add($"{at}: a policy object is required");
            return;
        }
        Id(errors, at, policy.Id);
        if (policy.Match is { } match)
        {
            Names(errors, $"{at}.match.units", match.Units);
            Names(errors, $"{at}.match.groups", match.Groups);
            Names(errors, $"{at}.match.rules", match.Rules);
            if (match.Kinds?.Any(k => !Enum.IsDefined(k)) == true)
            {
                errors.Add($"{at}.match.kinds: unknown kind");
            }
            if (match.Severities?.Any(s => !Enum.IsDefined(s)) == true)
            {
                errors.Add($"{at}.match.severities: unknown severity");
            }
        }
        if (policy.RemindEveryMinutes is not (null or (>= 1 and <= MaxMinutes)))
        {
            errors.Add($"{at}.remindEveryMinutes: 1-{MaxMinutes}, or absent for no reminders");
        }
        if (policy.Tiers is not { Count: > 0 and <= MaxTiers })
        {
            errors.Add($"{at}.tiers: 1-{MaxTiers} tiers");
            return;
        }
        for (var i = 0; i < policy.Tiers.Count; i++)
        {
            var path = $"{at}.tiers[{i}]";
            if (policy.Tiers[i] is not { } tier)
            {
                errors.Add($"{path}: a tier object is required");
                continue;
            }
            if (tier.AfterMinutes is < 0 or > MaxMinutes)
            {
                errors.Add($"{path}.afterMinutes: 0-{MaxMinutes}");
            }
            else if (i == 0 && tier.AfterMinutes != 0)
            {
                errors.Add($"{path}.afterMinutes: the first tier is notified when the alert fires (0)");
            }
            else if (i > 0 && policy.Tiers[i - 1] is { } previous && tier.AfterMinutes <= previous.AfterMinutes)
            {
                errors.Add($"{path}.afterMinutes: later than the tier before ({previous.AfterMinutes})");
            }
            if (tier.Notify is not { Count: > 0 })
            {
                errors.Add($"{path}.notify: at least one target");
                continue;
            }
            for (var j = 0; j < tier.Notify.Count; j++)
            {
                if (RoutingTargets.Check(tier.Notify[j], teamIds) is { } reason)
                {
                    errors.Add($"{path}.notify[{j}]: {reason}");
                }
            }
        }
    }

    private static void Person(List<string> errors, string at, RoutingPersonSettings? person)
    {
        if (person is null)
        {
            errors.Add($"{at}: a person object is required");
            return;
        }
        if (string.IsNullOrWhiteSpace(person.Username) || person.Username.Length > 200)
        {
            errors.Add($"{at}.username: 1-200 characters");
        }
        Offset(errors, $"{at}.utcOffset", person.UtcOffset);
        if (person.QuietHours is { } quiet)
        {
            Time(errors, $"{at}.quietHours.from", quiet.From);
            Time(errors, $"{at}.quietHours.to", quiet.To);
            if (quiet.From == quiet.To && LocalClock.Time(quiet.From) is not null)
            {
                errors.Add($"{at}.quietHours.to: differs from the start (quiet hours cannot last all day)");
            }
        }
    }

    private static void Id(List<string> errors, string at, string? id)
    {
        if (string.IsNullOrEmpty(id) || !IdPattern().IsMatch(id))
        {
            errors.Add($"{at}.id: 1-64 lowercase letters, digits or '-'");
        }
    }

    private static void Text(List<string> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 200)
        {
            errors.Add($"{field}: 1-200 characters");
        }
    }

    private static void Time(List<string> errors, string field, string? value)
    {
        if (LocalClock.Time(value) is null)
        {
            errors.Add($"{field}: HH:mm, 00:00-23:59");
        }
    }

    private static void Offset(List<string> errors, string field, string? value)
    {
        if (value is not null && LocalClock.Offset(value) is null)
        {
            errors.Add($"{field}: +HH:mm or -HH:mm, at most 14:00");
        }
    }

    private static void Usernames(List<string> errors, string field, IReadOnlyList<string>? names)
    {
        if (names is not { Count: > 0 } || names.Any(n => string.IsNullOrWhiteSpace(n) || n.Length > 200))
        {
            errors.Add($"{field}: one or more usernames");
        }
    }

    private static void Names(List<string> errors, string field, IReadOnlyList<string>? names)
    {
        if (names?.Any(string.IsNullOrWhiteSpace) == true)
        {
            errors.Add($"{field}: no empty entries");
        }
    }

    private static void Unique(List<string> errors, string field, IEnumerable<string?> ids, string name = "id") =>
        errors.AddRange(ids.Where(id => !string.IsNullOrEmpty(id)).GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"{field}: {name} '{g.Key}' is used {g.Count()} times"));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();
}
