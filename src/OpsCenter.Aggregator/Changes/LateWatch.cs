using OpsCenter.Contracts.Live;

namespace OpsCenter.Aggregator.Changes;

/// <summary>
/// Notices when a unit's late dossiers in progress jump between two publish periods: by at least
/// <c>count</c>, or by <c>share</c> of what it had when it already had at least <c>count</c>
/// (a +1 on a base of 2 is not news). The first look after start only takes the baseline:
/// lateness is judged against the clock, so these entries are not rebuilt from the log.
/// </summary>
public sealed class LateWatch(ChangeFeed feed, ChangeTexts texts)
{
    private readonly Dictionary<string, int> _last = new(StringComparer.Ordinal);

    public void Observe(string unit, int late, DateTimeOffset now, int count, double share)
    {
        if (_last.TryGetValue(unit, out var before))
        {
            var rise = late - before;
            if (rise > 0 && (rise >= count || (before >= count && rise >= share * before)))
            {
                feed.Add(now, unit, ChangeKinds.LateJump, null, before.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    late.ToString(System.Globalization.CultureInfo.InvariantCulture), texts.LateJump(unit, before, late));
            }
        }
        _last[unit] = late;
    }
}
