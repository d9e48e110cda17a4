namespace OpsCenter.Contracts.Ingest;

/// <summary>
/// The body of every push: a batch of items of one kind. A batch is stored whole or not at all,
/// and each one carries an <c>Idempotency-Key</c> header so that retries store nothing twice.
/// </summary>
public sealed class IngestBatch<TItem>
{
    /// <summary>The most items one request may carry.</summary>
    public const int MaxItems = 1000;

    public List<TItem>? Items { get; set; }
}

/// <summary>The acknowledgement of a durably stored batch.</summary>
/// <param name="Accepted">Items stored by this batch.</param>
/// <param name="Replayed">True when the idempotency key was seen before and nothing new was stored.</param>
/// <param name="ReceivedAt">When the collector stored the batch (server time, UTC).</param>
public sealed record IngestAck(int Accepted, bool Replayed, DateTimeOffset ReceivedAt);

public static class IngestHeaders
{
    public const string ApiKey = "X-Api-Key";
    public const string IdempotencyKey = "Idempotency-Key";
}
