using System.Security.Cryptography;
using System.Text;
using OpsCenter.Aggregator.Alerts;
using OpsCenter.Aggregator.Changes;
using OpsCenter.Aggregator.Events;
using OpsCenter.Aggregator.Health;
using OpsCenter.Aggregator.Kpis;
using OpsCenter.Contracts.Query;
using OpsCenter.Domain.Health;
using OpsCenter.Storage.Events;

namespace OpsCenter.Aggregator.Live;

/// <summary>One system's last report as a snapshot holds it.</summary>
internal sealed record ReportImage(string Unit, string System, HealthStatus Status, int? LatencyMs, DateTimeOffset CheckedAt, DateTimeOffset ReceivedAt, string Source);

/// <summary>
/// Everything of the live state that the log determines, as of <see cref="Position"/>. Not in it:
/// what is read from the store's configuration (sources' intervals, maintenance windows, hourly
/// rollups, re-read at start anyway) and what is judged live against the clock only (late-dossier
/// jumps take a new baseline after any start, as after a replay).
/// </summary>
/// <param name="Anchor">A hash of the event at <see cref="Position"/>, to recognise the log the snapshot belongs to.</param>
internal sealed record LiveImage(
    long Position,
    byte[] Anchor,
    IReadOnlyList<ReportImage> Reports,
    IReadOnlyList<HistoryImage> History,
    IReadOnlyList<PulseImage> Pulses,
    IReadOnlyList<OpenIncident> Incidents,
    ChangeFeedImage Changes,
    KpiImage Kpis,
    QuarantineImage Quarantine,
    AlertBookImage Alerts)
{
    /// <summary>A hash of a stored event (position, kind, unit, source, times, payload): the same log gives the same hash.</summary>
    public static byte[] AnchorOf(StoredEvent e)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{e.Position}\n{e.Kind}\n{e.Unit}\n{e.Source}\n{e.OccurredAt.UtcTicks}\n{e.ReceivedAt.UtcTicks}\n")));
        hash.AppendData(Encoding.UTF8.GetBytes(e.Payload));
        return hash.GetHashAndReset();
    }
}
