using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Dossiers;

namespace OpsCenter.Aggregator.Kpis;

/// <summary>A dossier event as the collector stored it, in the Domain's terms.</summary>
internal static class DossierEventMapping
{
    /// <param name="unit">The attributed current unit (the log's, not the payload's possibly older code).</param>
    public static DossierEvent ToDomain(DossierEventItem item, string dossierId, string procedureCode, string unit)
    {
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
