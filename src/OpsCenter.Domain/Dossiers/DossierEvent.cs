namespace OpsCenter.Domain.Dossiers;

/// <summary>Facts about a dossier that feed the digitisation and online-service shares.</summary>
[Flags]
public enum DossierFlags
{
    None = 0,
    PaidOnline = 1,
    Digitised = 2,
    EResult = 4,
    DataReused = 8,
}

/// <summary>
/// One status change of a dossier as a one-stop system reports it. No personal data: the id is
/// pseudonymous. Instants are UTC; a source that only knows the appointment DATE sends
/// <see cref="Calendar.VietnamTime.EndOfDay"/> of it.
/// </summary>
/// <param name="AppointmentAt">The appointment (ngày hẹn trả) given at acceptance, if recorded.</param>
/// <param name="Flags">Facts known at this event; a dossier has a flag once any event set it.</param>
/// <param name="ApologyNewAppointmentAt">
/// Set when this event records an apology letter (thư xin lỗi) sent at <see cref="At"/>, with the
/// new appointment it promised. It does not make a late dossier on time.
/// </param>
/// <param name="LegalLimit">
/// The procedure's legal time limit as the source states it with the dossier; used when there is
/// no appointment, before the rule's configured limit for the procedure.
/// </param>
public sealed record DossierEvent(
    string DossierId,
    string ProcedureCode,
    string UnitCode,
    SubmissionChannel Channel,
    DossierStatus Status,
    DateTimeOffset At,
    DateTimeOffset? AppointmentAt = null,
    DossierFlags Flags = DossierFlags.None,
    DateTimeOffset? ApologyNewAppointmentAt = null,
    LegalTimeLimit? LegalLimit = null);
