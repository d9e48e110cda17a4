using OpsCenter.Contracts.Live;

namespace OpsCenter.Wall.Live;

/// <summary>
/// What the Wall's screens read of the live data (after Aspire.Dashboard's <c>IDashboardClient</c>):
/// the tiles and the link, read at render time, and a subscription that says when to render again.
/// </summary>
public interface ILiveMirror
{
    LinkState Link { get; }

    /// <summary>When the link was last known good (a message arrived), or null if never.</summary>
    DateTimeOffset? LastMessageAt { get; }

    /// <summary>When the current outage started, or null while live.</summary>
    DateTimeOffset? DownSince { get; }

    /// <summary>Whether the mirror has ever had tiles (a banner then says "lost", not "connecting").</summary>
    bool HasData { get; }

    UnitTile? Tile(string unit);

    /// <summary>The changes the deltas carried (what went down, came back...), newest first; at most <see cref="MirrorState.ChangesKept"/>.</summary>
    IReadOnlyList<LiveChange> RecentChanges { get; }

    /// <summary>Calls <paramref name="callback"/> after the mirror changed (throttled, never under a lock) until disposed.</summary>
    Subscription Subscribe(Func<Task> callback);
}
