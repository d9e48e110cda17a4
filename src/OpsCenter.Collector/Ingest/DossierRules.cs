using System.Text.Json;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Storage.Events;

namespace OpsCenter.Collector.Ingest;

internal sealed class DossierRules : IItemRules<DossierEventItem>
{
    public static readonly DossierRules Instance = new();

    public string Kind => DataKinds.Dossier;

    public NewEvent? Check(DossierEventItem item, string path, ItemChecks checks)
    {
        var at = checks.Time($"{path}.at", item.At);
        var unit = checks.Unit($"{path}.unit", item.Unit, at);
        checks.Code($"{path}.dossierId", item.DossierId);
        checks.Code($"{path}.procedureCode", item.ProcedureCode, maxLength: 32);
        checks.Text($"{path}.procedureName", item.ProcedureName, 300);
        checks.Range($"{path}.channel", item.Channel, 1, 3);
        checks.Range($"{path}.status", item.Status, 1, 10);
        // A year of working days is longer than any procedure's legal limit.
        checks.Range($"{path}.legalLimitDays", item.LegalLimitDays, 0, 365, required: false);
        var appointment = checks.Promise($"{path}.appointmentAt", item.AppointmentAt, at);
        if (item.Apology is { } apology)
        {
            var issuedAt = checks.Time($"{path}.apology.issuedAt", apology.IssuedAt);
            if (apology.NewAppointmentAt is null)
            {
                checks.Errors.Add($"{path}.apology.newAppointmentAt", "Required: an apology letter gives the citizen a new appointment date.");
            }
            else if (checks.Promise($"{path}.apology.newAppointmentAt", apology.NewAppointmentAt, issuedAt ?? at) is { } newAppointment
                && appointment is { } old && newAppointment < old)
            {
                checks.Errors.Add($"{path}.apology.newAppointmentAt", "The new appointment cannot be earlier than the one it replaces.");
            }
        }
        if (unit is null || at is null)
        {
            return null;
        }
        item.At = at;
        return new NewEvent(Kind, unit.Unit.Code, at.Value, JsonSerializer.Serialize(item, WireJson.Options));
    }
}
