using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Domain.People;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.Alerts;
using OpsCenter.Storage.Events;
using OpsCenter.Storage.Outbox;
using OpsCenter.Storage.People;

namespace OpsCenter.Collector.Alerts;

/// <summary>
/// Writes an alert's life: each event appended to the log as its own batch (its idempotency key makes
/// a replay store nothing new), then the <c>alerts</c> row, then the outbox rows. Rows and mail are
/// written on replays too, so a crash between the event and them is healed by the evaluator's retry.
/// </summary>
public sealed class AlertTransitions(IEventLog log, AlertStore alerts, OutboxStore outbox, PeopleStore people,
    AlertMessages messages, AlertMailSignal signal, UnitCatalog units)
{
    /// <summary>Stores one evaluator transition; true when its event is new, false when it had been stored (or another replica stored it first).</summary>
    public async Task<bool> ApplyAsync(AlertTransitionEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Fired is { } fired)
        {
            var stored = await AppendAsync(AlertKinds.EvaluatorSource, $"alert:{fired.Key}:fired", AlertKinds.Fired, fired, fired.At, cancellationToken);
            await alerts.UpsertFiredAsync(new AlertRecord(fired.Key, fired.RuleId, fired.Cause, [.. fired.Units], Level(fired.Severity),
                fired.Text, fired.TextEn, AlertRowState.Firing, fired.Onset, fired.At), cancellationToken);
            await MailFiredAsync(fired.Key, cancellationToken);
            return stored;
        }
        if (entry.Updated is { } updated)
        {
            var stored = await AppendAsync(AlertKinds.EvaluatorSource, $"alert:{updated.Key}:updated:{UnitsHash(updated.Units)}",
                AlertKinds.Updated, updated, updated.At, cancellationToken);
            await alerts.UpdateUnitsAsync(updated.Key, [.. updated.Units], cancellationToken);
            // Department people of units that joined get the fired mail now (the others have it: enqueueing is idempotent).
            await MailFiredAsync(updated.Key, cancellationToken);
            return stored;
        }
        var resolved = entry.Resolved!;
        if (await alerts.FindAsync(resolved.Key, cancellationToken) is { State: AlertRowState.Resolved })
        {
            // Resolved already, by a person (their event is under another source) or by this transition before.
            await MailResolvedAsync(resolved.Key, cancellationToken);
            return false;
        }
        var wasStored = await AppendAsync(AlertKinds.EvaluatorSource, ResolvedKey(resolved.Key), AlertKinds.Resolved, resolved, resolved.At, cancellationToken);
        await alerts.ResolveAsync(resolved.Key, resolved.By, resolved.At, cancellationToken);
        await MailResolvedAsync(resolved.Key, cancellationToken);
        return wasStored;
    }

    /// <summary>One resolution per alert, by the evaluator or a person, whichever is first.</summary>
    public static string ResolvedKey(string alertKey) => $"alert:{alertKey}:resolved";

    /// <summary>Appends one event as its own batch; true when stored, false when the key had been used (replayed or by another writer).</summary>
    public async Task<bool> AppendAsync<T>(string source, string idempotencyKey, string kind, T payload, DateTimeOffset occurredAt, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(payload, WireJson.Options);
        var result = await log.AppendAsync(new AppendRequest(source, idempotencyKey, SHA256.HashData(Encoding.UTF8.GetBytes(json)),
            [new NewEvent(kind, units.City.Code, occurredAt, json)]), cancellationToken);
        return result.Outcome == AppendOutcome.Stored;
    }

    /// <summary>One fired mail per recipient: operators and admins always, department people when the alert lists their unit.</summary>
    public async Task MailFiredAsync(string key, CancellationToken cancellationToken)
    {
        if (await alerts.FindAsync(key, cancellationToken) is not { } alert || alert.State == AlertRowState.Resolved)
        {
            return;
        }
        foreach (var person in await people.ListAsync(cancellationToken))
        {
            if (IsRecipient(person, alert))
            {
                await outbox.EnqueueAsync(messages.Compose(alert, OutboxKind.Fired, person.Username, person.Email!), cancellationToken);
            }
        }
        signal.Wake();
    }

    /// <summary>The resolved mail goes to whoever had the fired one.</summary>
    public async Task MailResolvedAsync(string key, CancellationToken cancellationToken)
    {
        if (await alerts.FindAsync(key, cancellationToken) is not { } alert)
        {
            return;
        }
        var recipients = await outbox.RecipientsAsync(key, OutboxKind.Fired, cancellationToken);
        if (recipients.Count == 0)
        {
            return;
        }
        var byEmail = (await people.ListAsync(cancellationToken)).Where(p => p.Email is not null)
            .GroupBy(p => p.Email!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Username, StringComparer.Ordinal);
        foreach (var email in recipients)
        {
            await outbox.EnqueueAsync(messages.Compose(alert, OutboxKind.Resolved, byEmail.GetValueOrDefault(email) ?? email, email), cancellationToken);
        }
        signal.Wake();
    }

    public static bool IsRecipient(PersonRecord person, AlertRecord alert)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(alert);
        return !person.Disabled && !string.IsNullOrEmpty(person.Email) && person.Role switch
        {
            Roles.Operator or Roles.Admin => true,
            Roles.Department => person.Unit is not null && alert.Units.Contains(person.Unit, StringComparer.Ordinal),
            _ => false,
        };
    }

    /// <summary>The first 16 hex digits of SHA-256 over the sorted unit codes joined by ','.</summary>
    public static string UnitsHash(IEnumerable<string> codes) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(',', codes.Order(StringComparer.Ordinal)))))[..16];

    public static string Level(AlertLevel level) => level switch
    {
        AlertLevel.Critical => "critical",
        AlertLevel.Warning => "warning",
        _ => "info",
    };
}
