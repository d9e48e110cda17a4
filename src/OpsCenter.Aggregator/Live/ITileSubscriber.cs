using OpsCenter.Contracts.Live;

namespace OpsCenter.Aggregator.Live;

/// <summary>
/// Told by <see cref="LivePublisher"/> of the tiles each publish round sends (the embedded widgets'
/// broadcaster among them): the publisher hands changes out and knows nothing of who reads them.
/// Called in the round, in order, under the publisher's gate: keep it quick (queue, never wait).
/// </summary>
public interface ITileSubscriber
{
    void Publish(IReadOnlyList<UnitTile> changed, DateTimeOffset now);
}
