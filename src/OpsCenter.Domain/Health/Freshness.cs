namespace OpsCenter.Domain.Health;

/// <summary>How recent a source's last report is, relative to the interval it promised.</summary>
public enum Freshness
{
    Fresh,
    Late,
    Stale,
    Silent,
}

/// <summary>
/// Fresh within 1x the expected interval, late up to 3x, stale up to 10x or one hour
/// (whichever is longer), silent beyond (DOMAIN.md defaults; the factors are configurable).
/// </summary>
public sealed record FreshnessPolicy(double FreshUpTo = 1, double LateUpTo = 3, double StaleUpTo = 10, TimeSpan? StaleAtLeast = null)
{
    public static readonly FreshnessPolicy Default = new();

    public Freshness Classify(TimeSpan age, TimeSpan expectedInterval)
    {
        if (expectedInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(expectedInterval), "The expected interval must be positive.");
        }
        if (age <= expectedInterval * FreshUpTo)
        {
            return Freshness.Fresh;
        }
        if (age <= expectedInterval * LateUpTo)
        {
            return Freshness.Late;
        }
        return age <= SilentAfter(expectedInterval) ? Freshness.Stale : Freshness.Silent;
    }

    /// <summary>The age after which a source counts as silent.</summary>
    public TimeSpan SilentAfter(TimeSpan expectedInterval)
    {
        var byFactor = expectedInterval * StaleUpTo;
        var floor = StaleAtLeast ?? TimeSpan.FromHours(1);
        return byFactor > floor ? byFactor : floor;
    }

    /// <summary>The next age at which the classification of a report will change, or null if it never will.</summary>
    public TimeSpan? NextChangeAt(TimeSpan age, TimeSpan expectedInterval) => Classify(age, expectedInterval) switch
    {
        Freshness.Fresh => expectedInterval * FreshUpTo,
        Freshness.Late => expectedInterval * LateUpTo,
        Freshness.Stale => SilentAfter(expectedInterval),
        _ => null,
    };
}
