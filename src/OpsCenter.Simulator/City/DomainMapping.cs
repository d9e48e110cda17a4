using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Dossiers;

namespace OpsCenter.Simulator.City;

/// <summary>Reads simulated events in the Domain's terms, to compute the figures a counts-only unit reports.</summary>
internal static class DomainMapping
{
    public static DossierEvent ToDomain(DossierEventItem item)
    {
        var flags = DossierFlags.None;
        flags |= item.PaidOnline == true ? DossierFlags.PaidOnline : DossierFlags.None;
        flags |= item.Digitised == true ? DossierFlags.Digitised : DossierFlags.None;
        flags |= item.EResult == true ? DossierFlags.EResult : DossierFlags.None;
        flags |= item.DataReused == true ? DossierFlags.DataReused : DossierFlags.None;
        return new DossierEvent(item.DossierId!, item.ProcedureCode!, item.Unit!, (SubmissionChannel)item.Channel!.Value,
            (DossierStatus)item.Status!.Value, item.At!.Value, item.AppointmentAt, flags, item.Apology?.NewAppointmentAt,
            item.LegalLimitDays is { } days ? new LegalTimeLimit(days) : null);
    }

    public static IReadOnlyList<Dossier> Fold(IEnumerable<SimDossier> dossiers) =>
        [.. dossiers.Select(d => Dossier.Fold(d.Events.Select(ToDomain)))];

    public static BacklogSnapshotItem ToSnapshot(string unit, DateOnly day, BacklogCounts c) => new()
    {
        Unit = unit,
        Day = day,
        CarriedOver = c.CarriedOver,
        Received = c.Received,
        ToHandle = c.CarriedOver + c.Received,
        InProgressLate = c.InProgressLate,
        InProgressNearlyDue = c.InProgressNearlyDue,
        InProgressNotDue = c.InProgressNotYetDue,
        ProcessedOnTime = c.ProcessedOnTime,
        ProcessedLate = c.ProcessedLate,
        ProcessedNotCollected = c.ProcessedNotCollected,
        ApologyLetters = c.ApologyLetters,
        ReceivedOnline = c.ReceivedOnline,
    };
}
