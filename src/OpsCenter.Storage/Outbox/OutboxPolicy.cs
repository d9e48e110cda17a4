namespace OpsCenter.Storage.Outbox;

/// <summary>
/// When a failed message is tried again: <see cref="FirstDelay"/> after the first failure, doubling
/// up to <see cref="MaxDelay"/>, and given up once <see cref="MaxAttempts"/> attempts have failed.
/// A message claimed but never marked (its sender died) is claimable again after <see cref="ClaimTimeout"/>,
/// which must be far longer than one send, or a slow send could be sent twice.
/// </summary>
public sealed record OutboxPolicy
{
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(30);

    public int MaxAttempts { get; init; } = 10;

    public TimeSpan ClaimTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>When to try again after <paramref name="attempts"/> failed attempts; null when it is time to give up.</summary>
    public DateTimeOffset? NextAttempt(int attempts, DateTimeOffset now)
    {
        if (attempts >= MaxAttempts)
        {
            return null;
        }
        var doubled = FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Max(attempts - 1, 0));
        return now + TimeSpan.FromMilliseconds(Math.Min(doubled, MaxDelay.TotalMilliseconds));
    }
}
