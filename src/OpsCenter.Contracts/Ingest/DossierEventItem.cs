namespace OpsCenter.Contracts.Ingest;

/// <summary>
/// One status change of one dossier of an administrative procedure, as one-stop systems sync them
/// to the National Public Service Portal. The dossier id is pseudonymous: no applicant names, ID or
/// phone numbers are ever accepted.
/// </summary>
public sealed class DossierEventItem
{
    /// <summary>The one-stop system's dossier code (pseudonymous), e.g. <c>G01.79.26740-250701-0001</c>.</summary>
    public string? DossierId { get; set; }

    /// <summary>The national procedure code, e.g. <c>1.001757</c>.</summary>
    public string? ProcedureCode { get; set; }

    public string? ProcedureName { get; set; }

    public string? Unit { get; set; }

    /// <summary>1 in person, 2 online, 3 public postal service.</summary>
    public int? Channel { get; set; }

    /// <summary>National status code 1-10.</summary>
    public int? Status { get; set; }

    /// <summary>When the status took effect.</summary>
    public DateTimeOffset? At { get; set; }

    /// <summary>The appointment date (ngày hẹn trả), when the dossier has one.</summary>
    public DateTimeOffset? AppointmentAt { get; set; }

    /// <summary>The procedure's legal time limit in working days, used when there is no appointment date.</summary>
    public int? LegalLimitDays { get; set; }

    public bool? PaidOnline { get; set; }

    public bool? Digitised { get; set; }

    public bool? EResult { get; set; }

    public bool? DataReused { get; set; }

    /// <summary>Set on the event that returns a supplemented dossier to processing.</summary>
    public bool? SupplementReturned { get; set; }

    /// <summary>An apology letter (thư xin lỗi) was issued with this event, with a new appointment date.</summary>
    public ApologyLetterItem? Apology { get; set; }
}

public sealed class ApologyLetterItem
{
    public DateTimeOffset? IssuedAt { get; set; }

    public DateTimeOffset? NewAppointmentAt { get; set; }
}
