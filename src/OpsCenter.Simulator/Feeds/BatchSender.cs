using System.Security.Cryptography;
using OpsCenter.Contracts.Ingest;

namespace OpsCenter.Simulator.Feeds;

/// <summary>
/// Splits items into batches of up to 1,000 and gives each an idempotency key derived from the
/// seed, the batch's name (kind, window, part) and a hash of its content: a restart that rebuilds
/// the same batch sends the same key and the collector stores nothing twice, while a batch a
/// scenario changed gets a new key instead of a 409.
/// </summary>
public sealed class BatchSender(IngestClient ingest, SimulatorStatus status)
{
    public const int MaxItems = IngestBatch<object>.MaxItems;

    public static string KeyOf<TItem>(int seed, string kind, string name, int part, IReadOnlyList<TItem> items) =>
        KeyOf(seed, kind, name, part, IngestClient.Serialize(items));

    public static string KeyOf(int seed, string kind, string name, int part, byte[] body) =>
        $"sim-{seed}-{kind}-{name}-{part}-{Convert.ToHexStringLower(SHA256.HashData(body), 0, 8)}";

    /// <summary>Sends all items as batches named <paramref name="name"/>; returns how many were stored new.</summary>
    public async Task<int> SendAsync<TItem>(int seed, string kind, string name, IReadOnlyList<TItem> items, CancellationToken cancellationToken)
    {
        var stored = 0;
        for (var offset = 0; offset < items.Count; offset += MaxItems)
        {
            var batch = items.Skip(offset).Take(MaxItems).ToArray();
            var body = IngestClient.Serialize(batch);
            var ack = await ingest.PostAsync(kind, body, batch.Length, KeyOf(seed, kind, name, offset / MaxItems, body), cancellationToken);
            status.Sent(kind, batch.Length, ack.Replayed);
            stored += ack.Replayed ? 0 : ack.Accepted;
        }
        return stored;
    }
}
