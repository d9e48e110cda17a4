using OpsCenter.Contracts.Ingest;

namespace OpsCenter.Simulator.City;

/// <summary>One simulated dossier with its whole life, past and future, as status events in time order.</summary>
internal sealed record SimDossier(string Id, string Unit, DateTimeOffset AcceptedAt, IReadOnlyList<DossierEventItem> Events);

/// <summary>What the active scenarios do to one unit's desk at one moment.</summary>
/// <param name="VolumeFactor">Multiplies the dossiers accepted (monday-surge 2.5 before noon, merger-backlog 3).</param>
/// <param name="Slow">Processing is slower: far more dossiers go late and get apology letters.</param>
internal readonly record struct DeskConditions(double VolumeFactor, bool Slow)
{
    public static readonly DeskConditions Normal = new(1, false);
}
