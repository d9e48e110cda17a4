using System.Net;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Wall.Access;

namespace OpsCenter.Wall.Alerts;

/// <summary>The console's rules: the order of the open list, and what each refusal of the collector says.</summary>
public static class AlertConsole
{
    public const string Acknowledge = "acknowledge";
    public const string Assign = "assign";
    public const string Note = "note";
    public const string Resolve = "resolve";

    /// <summary>Firing before acknowledged; then the most severe, then the newest.</summary>
    public static IReadOnlyList<AlertView> Order(IEnumerable<AlertView> alerts) =>
        [.. alerts.OrderBy(a => a.State == AlertStates.Firing ? 0 : a.State == AlertStates.Acknowledged ? 1 : 2)
            .ThenByDescending(a => a.Severity).ThenByDescending(a => a.FiredAt).ThenBy(a => a.Key, StringComparer.Ordinal)];

    /// <summary>
    /// The text key of a refusal: 409 is "already acknowledged" (or resolved, for the other actions), 404 an
    /// alert the collector does not know, 403 an alert of another unit. Null: show the collector's own words (400's field errors).
    /// </summary>
    public static string? RefusalKey(AdminRequestException refusal, string action)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal.Status switch
        {
            HttpStatusCode.Conflict => action == Acknowledge ? "Alerts_Error_AlreadyAcknowledged" : "Alerts_Error_AlreadyResolved",
            HttpStatusCode.NotFound => "Alerts_Error_Unknown",
            HttpStatusCode.Forbidden => "Alerts_Error_NotYourUnit",
            _ => null,
        };
    }
}
