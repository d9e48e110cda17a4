using OpsCenter.Domain.Dossiers;

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

/// <summary>
/// A dossier event in the Domain's terms: the one mapping, for the aggregator's live state and the
/// simulator's counts-only units. Instants become UTC, as the Domain's <see cref="DossierEvent"/>
/// holds them: a source may send any offset (the same instant), and what is folded, cached and
/// written to snapshots then does not depend on it.
/// </summary>
public static class DossierEventMapping
{
    /// <summary>With the ids and unit the item carries (it must carry them: validated at ingest).</summary>
    public static DossierEvent ToDomain(DossierEventItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return ToDomain(item, item.DossierId!, item.ProcedureCode!, item.Unit!);
    }

    /// <param name="item">The event as sent.</param>
    /// <param name="dossierId">The dossier's id (the aggregator passes its interned copy).</param>
    /// <param name="procedureCode">The procedure's code (likewise).</param>
    /// <param name="unit">The unit it counts for: the aggregator's is the log's current unit, not the payload's possibly older code.</param>
    public static DossierEvent ToDomain(DossierEventItem item, string dossierId, string procedureCode, string unit)
    {
        ArgumentNullException.ThrowIfNull(item);
        var flags = DossierFlags.None;
        flags |= item.PaidOnline == true ? DossierFlags.PaidOnline : DossierFlags.None;
        flags |= item.Digitised == true ? DossierFlags.Digitised : DossierFlags.None;
        flags |= item.EResult == true ? DossierFlags.EResult : DossierFlags.None;
        flags |= item.DataReused == true ? DossierFlags.DataReused : DossierFlags.None;
        return new DossierEvent(
            dossierId,
            procedureCode,
            unit,
            (SubmissionChannel)item.Channel!.Value,
            (DossierStatus)item.Status!.Value,
            item.At!.Value.ToUniversalTime(),
            item.AppointmentAt?.ToUniversalTime(),
            flags,
            item.Apology?.NewAppointmentAt?.ToUniversalTime(),
            item.LegalLimitDays is { } days ? new LegalTimeLimit(days) : null);
    }
}
