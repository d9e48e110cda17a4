using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpsCenter.Collector.Alerts;
using OpsCenter.Collector.Ingest;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Domain.Text;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.Alerts;

namespace OpsCenter.Collector.Admin;

/// <summary>
/// The evaluator's door, <c>POST /api/admin/v1/alerts/transitions</c>: only keys of the <c>alert-writer</c>
/// role. A batch is checked whole before anything is stored (an update or resolve must name an alert
/// fired before or earlier in the batch), then stored in order, each entry once.
/// </summary>
public static partial class AlertsAdminApi
{
    /// <summary>The evaluator's door: only keys of the <c>alert-writer</c> role, which can do nothing else.</summary>
    public static RouteGroupBuilder MapAlertTransitionsApi(this IEndpointRouteBuilder app)
    {
        var writer = app.MapGroup("/api/admin/v1/alerts").RequireAuthorization(AdminPolicies.AlertWriter).WithTags(Tag);
        writer.MapPost("/transitions", PostTransitions).WithName("PostAlertTransitions")
            .WithSummary("Stores the evaluator's fired/updated/resolved transitions in order, each once by key; enqueues the mail.");
        return writer;
    }

    internal static async Task<Results<Ok<AlertTransitionAck>, ValidationProblem>> PostTransitions(
        AlertTransitionBatch batch, AlertTransitions transitions, AlertStore alerts, UnitCatalog units, TimeProvider time,
        IOptionsMonitor<IngestOptions> ingest, CancellationToken cancellationToken)
    {
        var check = new AdminValidation();
        var entries = batch.Transitions ?? [];
        check.Require(batch.Transitions is not null && entries.Count <= MaxTransitions, "transitions", $"Required: 0-{MaxTransitions} transitions.");
        var latest = time.GetUtcNow() + ingest.CurrentValue.MaxFutureSkew;
        var firedHere = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count && check.IsValid; i++)
        {
            var path = $"transitions[{i}]";
            var entry = entries[i];
            if (entry is null || (entry.Fired is null ? 0 : 1) + (entry.Updated is null ? 0 : 1) + (entry.Resolved is null ? 0 : 1) != 1)
            {
                check.Require(false, path, "Exactly one of fired, updated or resolved.");
                continue;
            }
            if (entry.Fired is { } f)
            {
                var p = $"{path}.fired";
                Key(check, f.Key, $"{p}.key");
                check.Id(f.RuleId, $"{p}.ruleId").Name(f.RuleName, $"{p}.ruleName").Name(f.RuleNameEn, $"{p}.ruleNameEn")
                    .Name(f.Text, $"{p}.text", MaxText).Name(f.TextEn, $"{p}.textEn", MaxText)
                    .Require(!string.IsNullOrEmpty(f.Cause) && f.Cause.Length <= MaxKey && FreeText.Problem(f.Cause) is null, $"{p}.cause", $"Required, at most {MaxKey} characters.")
                    .Require(Enum.IsDefined(f.Severity), $"{p}.severity", "info, warning or critical.")
                    .Require(Plausible(f.At, latest), $"{p}.at", TimeRule)
                    .Require(Plausible(f.Onset, latest) && f.Onset <= f.At, $"{p}.onset", TimeRule + " Not after at.");
                Units(check, f.Units, $"{p}.units", units);
                firedHere.Add(f.Key ?? "");
            }
            else if (entry.Updated is { } u)
            {
                Key(check, u.Key, $"{path}.updated.key");
                Units(check, u.Units, $"{path}.updated.units", units);
                check.Require(Plausible(u.At, latest), $"{path}.updated.at", TimeRule);
                await Known(check, u.Key, path, firedHere, alerts, cancellationToken);
            }
            else if (entry.Resolved is { } r)
            {
                Key(check, r.Key, $"{path}.resolved.key");
                check.Require(r.Reason is AlertResolvedEvent.ReasonCleared or AlertResolvedEvent.ReasonRuleRemoved or AlertResolvedEvent.ReasonManual,
                        $"{path}.resolved.reason", "cleared, ruleRemoved or manual.")
                    .Require(Plausible(r.At, latest), $"{path}.resolved.at", TimeRule)
                    .Require(r.By is null || r.By.Length is >= 1 and <= 64, $"{path}.resolved.by", "At most 64 characters.");
                Optional(check, r.Note, $"{path}.resolved.note");
                await Known(check, r.Key, path, firedHere, alerts, cancellationToken);
            }
        }
        if (!check.IsValid)
        {
            return check.Problem();
        }
        var stored = 0;
        foreach (var entry in entries)
        {
            stored += await transitions.ApplyAsync(entry, cancellationToken) ? 1 : 0;
        }
        return TypedResults.Ok(new AlertTransitionAck(stored, entries.Count - stored));
    }

    private const string TimeRule = "A time from the year 2000 up to a few minutes from now (ISO 8601 with offset).";

    private static bool Plausible(DateTimeOffset at, DateTimeOffset latest) => at >= ItemChecks.Earliest && at <= latest;

    private static void Key(AdminValidation check, string? key, string field) =>
        check.Require(key is { Length: >= 1 and <= MaxKey } && FreeText.Problem(key) is null, field, $"Required, at most {MaxKey} characters.");

    private static void Units(AdminValidation check, IReadOnlyList<string>? codes, string field, UnitCatalog units) =>
        check.Require(codes is { Count: >= 1 } && codes.Count <= units.Count && codes.All(c => c is not null && units.Contains(c))
            && codes.Distinct(StringComparer.Ordinal).Count() == codes.Count, field, "One or more known unit codes, each once.");

    private static AdminValidation Optional(AdminValidation check, string? note, string field) =>
        note is null ? check : check.Name(note, field, MaxNote);

    private static async Task Known(AdminValidation check, string? key, string path, HashSet<string> firedHere, AlertStore alerts, CancellationToken cancellationToken)
    {
        if (key is { Length: <= MaxKey } && !firedHere.Contains(key) && await alerts.FindAsync(key, cancellationToken) is null)
        {
            check.Require(false, path, $"Unknown alert key '{ItemChecks.Truncate(key)}': no fired transition was stored for it.");
        }
    }
}
