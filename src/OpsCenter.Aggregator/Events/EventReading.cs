using System.Text.Json;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Storage.Events;

namespace OpsCenter.Aggregator.Events;

/// <summary>
/// Reads an event's payload for the live state, or says why it cannot be applied (an
/// <see cref="UnappliableEventException"/> or the serializer's <see cref="JsonException"/>, both
/// quarantined). The collector validates what sources send; this guards against what reached the
/// log another way (an older collector, a hand-written row): every time is between 2000 and 2099,
/// and a promised time (an appointment) at most ten years after its event. The checks read the
/// event alone, so every replica decides the same.
/// </summary>
internal static class EventReading
{
    public static readonly DateTimeOffset From = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Until = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan MaxPromise = TimeSpan.FromDays(3653);

    public static T Read<T>(StoredEvent e)
        where T : class =>
        JsonSerializer.Deserialize<T>(e.Payload, WireJson.Options) ?? throw new UnappliableEventException("The payload is JSON null.");

    public static DossierEventItem Dossier(StoredEvent e)
    {
        var item = Read<DossierEventItem>(e);
        Require(item.DossierId, "dossierId");
        Require(item.ProcedureCode, "procedureCode");
        if (item.Status is not { } status || !Domain.Dossiers.DossierStatuses.IsDefined(status))
        {
            throw new UnappliableEventException($"status {item.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(missing)"} is not a dossier status (1-10).");
        }
        if (item.Channel is not (>= 1 and <= 3))
        {
            throw new UnappliableEventException("channel is missing or not 1-3.");
        }
        if (item.LegalLimitDays is < 0 or > 3650)
        {
            throw new UnappliableEventException($"legalLimitDays {item.LegalLimitDays} is not 0-3650.");
        }
        var at = Time(item.At, "at");
        Promise(item.AppointmentAt, at, "appointmentAt");
        if (item.Apology is { } apology)
        {
            Promise(apology.NewAppointmentAt, at, "apology.newAppointmentAt");
        }
        return item;
    }

    public static HealthSample Health(StoredEvent e)
    {
        var sample = Read<HealthSample>(e);
        Require(sample.System, "system");
        if (sample.Status is null)
        {
            throw new UnappliableEventException("status is missing.");
        }
        Time(sample.CheckedAt, "checkedAt");
        return sample;
    }

    public static IncidentItem Incident(StoredEvent e)
    {
        var item = Read<IncidentItem>(e);
        Require(item.IncidentId, "incidentId");
        Time(item.At, "at");
        return item;
    }

    public static BacklogSnapshotItem Backlog(StoredEvent e)
    {
        var item = Read<BacklogSnapshotItem>(e);
        if (item.Day is not { } day)
        {
            throw new UnappliableEventException("day is missing.");
        }
        Time(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), "day");
        return item;
    }

    public static IndexScoreItem IndexScore(StoredEvent e)
    {
        var item = Read<IndexScoreItem>(e);
        Time(item.PublishedAt, "publishedAt");
        return item;
    }

    public static ReapplyInstruction Reapply(StoredEvent e) => Read<ReapplyInstruction>(e);

    /// <summary>
    /// An <c>alert.*</c> event's payload (one of the records of Contracts/Alerts): its key, its time
    /// (and a fired alert's onset, rule and units) are required. Records are non-nullable on the wire
    /// only by annotation, so each required member is checked here.
    /// </summary>
    public static object Alert(StoredEvent e)
    {
        switch (e.Kind)
        {
            case AlertKinds.Fired:
                var fired = Read<AlertFiredEvent>(e);
                Require(fired.Key, "key");
                Require(fired.RuleId, "ruleId");
                Time(fired.Onset, "onset");
                Time(fired.At, "at");
                Require(fired.Units, "units");
                return fired;
            case AlertKinds.Updated:
                var updated = Read<AlertUpdatedEvent>(e);
                Require(updated.Key, "key");
                Time(updated.At, "at");
                Require(updated.Units, "units");
                return updated;
            case AlertKinds.Resolved:
                var resolved = Read<AlertResolvedEvent>(e);
                Require(resolved.Key, "key");
                Time(resolved.At, "at");
                return resolved;
            case AlertKinds.Acknowledged:
                var acknowledged = Read<AlertAcknowledgedEvent>(e);
                Require(acknowledged.Key, "key");
                Time(acknowledged.At, "at");
                return acknowledged;
            case AlertKinds.Assigned:
                var assigned = Read<AlertAssignedEvent>(e);
                Require(assigned.Key, "key");
                Time(assigned.At, "at");
                return assigned;
            case AlertKinds.Noted:
                var noted = Read<AlertNotedEvent>(e);
                Require(noted.Key, "key");
                Time(noted.At, "at");
                return noted;
            default:
                throw new UnappliableEventException($"{e.Kind} is not an alert event kind.");
        }
    }

    // Null, or an empty text (an empty list is a list).
    private static void Require(object? value, string field)
    {
        if (value is null or "")
        {
            throw new UnappliableEventException($"{field} is missing.");
        }
    }

    private static DateTimeOffset Time(DateTimeOffset? value, string field)
    {
        if (value is not { } time)
        {
            throw new UnappliableEventException($"{field} is missing.");
        }
        if (time < From || time >= Until)
        {
            throw new UnappliableEventException($"{field} {time:O} is outside the years 2000-2099 the live state holds.");
        }
        return time;
    }

    private static void Promise(DateTimeOffset? value, DateTimeOffset at, string field)
    {
        if (value is { } time && (time < From || time >= Until || time - at > MaxPromise))
        {
            throw new UnappliableEventException($"{field} {time:O} is outside 2000-2099 or more than ten years after the event.");
        }
    }
}
