using OpsCenter.Domain.People;

namespace OpsCenter.Domain.Alerts.Routing;

/// <summary>The targets a tier may notify, as written in the document.</summary>
public static class RoutingTargets
{
    public const string PersonPrefix = "person:";

    public const string TeamPrefix = "team:";

    public const string RolePrefix = "role:";

    /// <summary>The department people of the alert's units; a unit without any: that unit's admins.</summary>
    public const string UnitPeople = "unitPeople";

    /// <summary>Why a target is refused, or null when it is good (a team must be one of <paramref name="teamIds"/>).</summary>
    public static string? Check(string? target, IReadOnlyCollection<string> teamIds) => target switch
    {
        null or "" => "a target is required",
        UnitPeople => null,
        _ when target.StartsWith(PersonPrefix, StringComparison.Ordinal) =>
            target.Length > PersonPrefix.Length ? null : "person:<username>",
        _ when target.StartsWith(TeamPrefix, StringComparison.Ordinal) =>
            teamIds.Contains(target[TeamPrefix.Length..]) ? null : $"no team '{target[TeamPrefix.Length..]}'",
        _ when target.StartsWith(RolePrefix, StringComparison.Ordinal) =>
            Roles.IsPersonRole(target[RolePrefix.Length..]) ? null : $"role:<{string.Join('|', Roles.People)}>",
        _ => "person:<username>, team:<id>, role:<role> or unitPeople",
    };
}
