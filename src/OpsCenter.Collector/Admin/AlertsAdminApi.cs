using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpsCenter.Collector.Alerts;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Domain.Alerts;
using OpsCenter.Storage.Admin;
using OpsCenter.Storage.Alerts;
using OpsCenter.Storage.People;

namespace OpsCenter.Collector.Admin;

/// <summary>
/// Alerts under <c>/api/admin/v1/alerts</c>: the rule set (GET exports, PUT edits or imports), the
/// evaluator's transitions (the <c>alert-writer</c> key only), and people's actions, which the Wall
/// sends with the person in <c>X-OpsCenter-Actor</c> and, for a unit-bound person, the unit in
/// <c>X-OpsCenter-Unit</c>. Every action answers with the alert's current row.
/// </summary>
public static partial class AlertsAdminApi
{
    public const string UnitHeader = "X-OpsCenter-Unit";
    public const int MaxKey = 300;
    public const int MaxText = 500;
    public const int MaxNote = 1000;
    public const int MaxTransitions = 500;
    public const int MaxRulesBytes = 1024 * 1024;

    private const string Tag = "Admin: alerts";

    public static RouteGroupBuilder MapAlertsAdminApi(this RouteGroupBuilder admin)
    {
        var alerts = admin.MapGroup("/alerts").WithTags(Tag);
        alerts.MapGet("/rules", GetRules).WithName("GetAlertRules")
            .WithSummary("The alert rule set as a rule-set file (what dashboards/alerts/*.json holds); { \"rules\": [] } when none.");
        alerts.MapPut("/rules", PutRules).WithName("SaveAlertRules").Accepts<string>("application/json")
            .WithSummary("Replaces the rule set with a rule-set file (edit or import); a set with any bad rule is refused whole, naming each field (audited).");
        alerts.MapPost("/{key}/acknowledge", Acknowledge).WithName("AcknowledgeAlert")
            .WithSummary("The acting person is on it (once: 409 when not firing). Answers the alert's current row.");
        alerts.MapPost("/{key}/assign", Assign).WithName("AssignAlert")
            .WithSummary("Who deals with it: an enabled person's username. Answers the alert's current row.");
        alerts.MapPost("/{key}/notes", Note).WithName("NoteAlert")
            .WithSummary("A note on the alert's timeline (1-1000 characters). Answers the alert's current row.");
        alerts.MapPost("/{key}/resolve", Resolve).WithName("ResolveAlert")
            .WithSummary("Resolves it by hand (409 when already resolved); the resolved mail goes to the fired mail's recipients. Answers the alert's current row.");
        alerts.MapGet("/acknowledge-link", PreviewLink).WithName("PreviewAlertLink")
            .WithSummary("What the Wall's confirmation page shows for an e-mail link's token; changes nothing.");
        alerts.MapPost("/acknowledge-link", AcknowledgeByLink).WithName("AcknowledgeAlertByLink")
            .WithSummary("Acknowledges as the e-mail link's recipient (400: bad or expired token; 410: already acknowledged or resolved).");
        return alerts;
    }

    internal static async Task<ContentHttpResult> GetRules(AlertStore alerts, CancellationToken cancellationToken) =>
        TypedResults.Text(await alerts.GetRulesAsync(cancellationToken) ?? AlertRuleSet.Serialize([]), "application/json");

    internal static async Task<Results<ContentHttpResult, ValidationProblem>> PutRules(
        HttpRequest request, AlertStore alerts, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var body = request.ContentLength > MaxRulesBytes ? null : await ReadAtMostAsync(request.Body, MaxRulesBytes, cancellationToken);
        if (body is null)
        {
            return new AdminValidation().Require(false, "body", $"A rule-set file of at most {MaxRulesBytes} bytes.").Problem();
        }
        var parse = AlertRuleSet.Parse(body);
        if (!parse.IsValid)
        {
            var errors = parse.Errors.Select(Split).GroupBy(e => e.Field, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
            return TypedResults.ValidationProblem(errors, title: "The rule set is invalid; the stored set is unchanged");
        }
        var json = AlertRuleSet.Serialize(parse.Rules);
        await alerts.SaveRulesAsync(json, [.. parse.Rules.Select(r => r.Id)], user.Actor(), cancellationToken);
        return TypedResults.Text(json, "application/json");
    }

    internal static async Task<Results<Ok<AlertActionResult>, ValidationProblem, ProblemHttpResult>> Acknowledge(
        string key, AlertActionRequest? request, HttpRequest http, AlertTransitions transitions, AlertStore alerts, AdminStore admin,
        TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var check = Optional(new AdminValidation(), request?.Note, "note");
        if (!check.IsValid)
        {
            return check.Problem();
        }
        var (alert, refused) = await FindInScopeAsync(key, http, alerts, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        return await AcknowledgeAsync(alert!, user.Person(), AlertAcknowledgedEvent.ViaConsole, request?.Note, StatusCodes.Status409Conflict,
            transitions, alerts, admin, time, user, cancellationToken);
    }

    internal static async Task<Results<Ok<AlertActionResult>, ValidationProblem, ProblemHttpResult>> Assign(
        string key, AlertAssignRequest request, HttpRequest http, AlertTransitions transitions, AlertStore alerts, PeopleStore people,
        AdminStore admin, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var assignee = string.IsNullOrWhiteSpace(request.Assignee) || request.Assignee.Length > 64 ? null
            : await people.FindAsync(request.Assignee, cancellationToken);
        var check = new AdminValidation().Require(assignee is { Disabled: false }, "assignee", "The username of an enabled person.");
        if (!check.IsValid)
        {
            return check.Problem();
        }
        var (alert, refused) = await FindInScopeAsync(key, http, alerts, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        if (alert!.State == AlertRowState.Resolved)
        {
            return Problem(StatusCodes.Status409Conflict, "The alert is resolved", "A resolved alert is not assigned.");
        }
        var now = time.GetUtcNow();
        await transitions.AppendAsync(QuarantineAdminApi.Source, Guid.NewGuid().ToString(), AlertKinds.Assigned,
            new AlertAssignedEvent(alert.Key, user.Person(), assignee!.Username, now), now, cancellationToken);
        await alerts.AssignAsync(alert.Key, assignee.Username, cancellationToken);
        await admin.AuditAsync(user.Actor(), "alert.assigned", alert.Key, new { assignee = assignee.Username }, cancellationToken);
        return TypedResults.Ok(Answer((await alerts.FindAsync(alert.Key, cancellationToken))!));
    }

    internal static async Task<Results<Ok<AlertActionResult>, ValidationProblem, ProblemHttpResult>> Note(
        string key, AlertNoteRequest request, HttpRequest http, AlertTransitions transitions, AlertStore alerts, AdminStore admin,
        TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var check = new AdminValidation().Name(request.Note, "note", MaxNote);
        if (!check.IsValid)
        {
            return check.Problem();
        }
        var (alert, refused) = await FindInScopeAsync(key, http, alerts, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        var now = time.GetUtcNow();
        await transitions.AppendAsync(QuarantineAdminApi.Source, Guid.NewGuid().ToString(), AlertKinds.Noted,
            new AlertNotedEvent(alert!.Key, user.Person(), request.Note!, now), now, cancellationToken);
        await admin.AuditAsync(user.Actor(), "alert.noted", alert.Key, null, cancellationToken);
        return TypedResults.Ok(Answer(alert));
    }

    internal static async Task<Results<Ok<AlertActionResult>, ValidationProblem, ProblemHttpResult>> Resolve(
        string key, AlertActionRequest? request, HttpRequest http, AlertTransitions transitions, AlertStore alerts, AdminStore admin,
        TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var check = Optional(new AdminValidation(), request?.Note, "note");
        if (!check.IsValid)
        {
            return check.Problem();
        }
        var (alert, refused) = await FindInScopeAsync(key, http, alerts, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        var now = time.GetUtcNow();
        // The same idempotency key as the evaluator's: an alert is resolved once, by whichever comes first.
        if (alert!.State == AlertRowState.Resolved
            || !await transitions.AppendAsync(QuarantineAdminApi.Source, AlertTransitions.ResolvedKey(alert.Key), AlertKinds.Resolved,
                new AlertResolvedEvent(alert.Key, AlertResolvedEvent.ReasonManual, now, user.Person(), request?.Note), now, cancellationToken))
        {
            return Problem(StatusCodes.Status409Conflict, "The alert is already resolved", null);
        }
        await alerts.ResolveAsync(alert.Key, user.Person(), now, cancellationToken);
        await transitions.MailResolvedAsync(alert.Key, cancellationToken);
        await admin.AuditAsync(user.Actor(), "alert.resolved", alert.Key, new { note = request?.Note }, cancellationToken);
        return TypedResults.Ok(Answer((await alerts.FindAsync(alert.Key, cancellationToken))!));
    }

    internal static async Task<Results<Ok<AlertLinkPreview>, ValidationProblem, ProblemHttpResult>> PreviewLink(
        string? token, AlertStore alerts, PeopleStore people, IOptionsMonitor<AlertsOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var (claims, invalid) = Verify(token, options.CurrentValue, time);
        if (invalid is not null)
        {
            return invalid;
        }
        if (await alerts.FindAsync(claims!.AlertKey, cancellationToken) is not { } alert)
        {
            return Gone();
        }
        var person = await people.FindAsync(claims.Recipient, cancellationToken);
        return TypedResults.Ok(new AlertLinkPreview(alert.Key, alert.Text, alert.TextEn, alert.Units, alert.State, alert.FiredAt,
            alert.AcknowledgedBy, alert.AcknowledgedAt, alert.State == AlertRowState.Firing && person is { Disabled: false }));
    }

    internal static async Task<Results<Ok<AlertActionResult>, ValidationProblem, ProblemHttpResult>> AcknowledgeByLink(
        AlertLinkRequest request, AlertTransitions transitions, AlertStore alerts, PeopleStore people, AdminStore admin,
        IOptionsMonitor<AlertsOptions> options, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (claims, invalid) = Verify(request.Token, options.CurrentValue, time);
        if (invalid is not null)
        {
            return invalid;
        }
        if (await people.FindAsync(claims!.Recipient, cancellationToken) is not { Disabled: false } person)
        {
            return Problem(StatusCodes.Status403Forbidden, "The link's recipient can no longer act", null);
        }
        if (await alerts.FindAsync(claims.AlertKey, cancellationToken) is not { } alert)
        {
            return Gone();
        }
        return await AcknowledgeAsync(alert, person.Username, AlertAcknowledgedEvent.ViaEmail, null, StatusCodes.Status410Gone,
            transitions, alerts, admin, time, user, cancellationToken);
    }

    // Acknowledged once: the event's idempotency key is the alert's, then the row by compare-and-set.
    private static async Task<Results<Ok<AlertActionResult>, ValidationProblem, ProblemHttpResult>> AcknowledgeAsync(
        AlertRecord alert, string by, string via, string? note, int refusedStatus, AlertTransitions transitions, AlertStore alerts,
        AdminStore admin, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (alert.State != AlertRowState.Firing
            || !await transitions.AppendAsync(QuarantineAdminApi.Source, $"alert:{alert.Key}:acknowledged", AlertKinds.Acknowledged,
                new AlertAcknowledgedEvent(alert.Key, by, now, via, note), now, cancellationToken))
        {
            return refusedStatus == StatusCodes.Status410Gone ? Gone()
                : Problem(StatusCodes.Status409Conflict, "The alert is not firing", "It was acknowledged or resolved already.");
        }
        await alerts.AcknowledgeAsync(alert.Key, by, now, cancellationToken);
        await admin.AuditAsync(user.Actor(), "alert.acknowledged", alert.Key, new { by, via }, cancellationToken);
        return TypedResults.Ok(Answer((await alerts.FindAsync(alert.Key, cancellationToken))!));
    }

    /// <summary>The stored row as the contract answers it (the store's row never goes on the wire).</summary>
    internal static AlertActionResult Answer(AlertRecord a) => new(a.Key, a.RuleId, a.Cause, a.Units, a.Severity, a.Text, a.TextEn, a.State,
        a.Onset, a.FiredAt, a.AcknowledgedAt, a.AcknowledgedBy, a.Assignee, a.ResolvedAt, a.ResolvedBy);

    private static async Task<(AlertRecord? Alert, ProblemHttpResult? Refused)> FindInScopeAsync(
        string key, HttpRequest http, AlertStore alerts, CancellationToken cancellationToken)
    {
        // An encoded '/' stays encoded in a route value; alert keys may hold one in their cause.
        key = key.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        if (key.Length > MaxKey || await alerts.FindAsync(key, cancellationToken) is not { } alert)
        {
            return (null, Problem(StatusCodes.Status404NotFound, "No such alert", null));
        }
        var unit = http.Headers[UnitHeader].ToString();
        if (unit.Length > 0 && !alert.Units.Contains(unit, StringComparer.Ordinal))
        {
            return (null, Problem(StatusCodes.Status403Forbidden, "The alert does not concern your unit", null));
        }
        return (alert, null);
    }

    private static (AlertLinkClaims? Claims, ValidationProblem? Invalid) Verify(string? token, AlertsOptions options, TimeProvider time)
    {
        if (string.IsNullOrEmpty(options.LinkKey))
        {
            return (null, new AdminValidation().Require(false, "token", "Acknowledgement links are not enabled (Alerts:LinkKey).").Problem());
        }
        var claims = AlertLinks.Verify(token, options.LinkKey, time.GetUtcNow(), out var reason);
        return claims is null
            ? (null, new AdminValidation().Require(false, "token", reason == "expired" ? "The link has expired." : "The link is not valid.").Problem())
            : (claims, null);
    }

    private static ProblemHttpResult Gone() =>
        Problem(StatusCodes.Status410Gone, "expired", "The alert was acknowledged or resolved already; the link no longer works.");

    private static ProblemHttpResult Problem(int status, string title, string? detail) => TypedResults.Problem(statusCode: status, title: title, detail: detail);

    // Null when the body is longer than the limit (counted in characters, close enough for a cap).
    private static async Task<string?> ReadAtMostAsync(Stream body, int max, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body);
        var text = new System.Text.StringBuilder();
        var buffer = new char[16 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (text.Length + read > max)
            {
                return null;
            }
            text.Append(buffer, 0, read);
        }
        return text.ToString();
    }

    private static (string Field, string Message) Split(string error)
    {
        var colon = error.IndexOf(": ", StringComparison.Ordinal);
        var (field, message) = colon < 0 ? ("rules", error) : (error[..colon], error[(colon + 2)..]);
        return (field == "$" ? "body" : field, message);
    }
}
