using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Dossiers;

namespace OpsCenter.Simulator.City;

/// <summary>
/// Folds simulated events in the Domain's terms (through the one <see cref="DossierEventMapping"/>), to compute
/// the figures a counts-only unit reports, and writes those figures as a backlog snapshot.
/// </summary>
internal static class DomainMapping
{
    public static IReadOnlyList<Dossier> Fold(IEnumerable<SimDossier> dossiers) =>
        [.. dossiers.Select(d => Dossier.Fold(d.Events.Select(DossierEventMapping.ToDomain)))];

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
