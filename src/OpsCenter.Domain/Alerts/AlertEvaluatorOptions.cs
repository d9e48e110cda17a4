using OpsCenter.Domain.Health;

namespace OpsCenter.Domain.Alerts;

/// <summary>How an <see cref="AlertEvaluator"/> judges time.</summary>
/// <param name="LiveFrom">
/// The instant the live state caught up with the present. Nothing is judged before it (replaying or
/// backfilling history never fires) and no condition counts as holding from earlier than it.
/// Replicas should share it (e.g. the store's recorded start of live operation) so their onsets,
/// and hence their alert keys, agree.
/// </param>
/// <param name="GroupWait">How long a group waits for more units after its first is ready; default 30 s.</param>
/// <param name="Freshness">When a source counts as silent; default <see cref="FreshnessPolicy.Default"/>.</param>
public sealed record AlertEvaluatorOptions(DateTimeOffset LiveFrom, TimeSpan? GroupWait = null, FreshnessPolicy? Freshness = null)
{
    public static readonly TimeSpan DefaultGroupWait = TimeSpan.FromSeconds(30);

    public TimeSpan EffectiveGroupWait => GroupWait ?? DefaultGroupWait;

    public FreshnessPolicy EffectiveFreshness => Freshness ?? FreshnessPolicy.Default;
}
