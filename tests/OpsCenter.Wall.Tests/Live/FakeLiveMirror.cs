using System.Collections.Concurrent;
using OpsCenter.Contracts.Live;
using OpsCenter.Wall.Live;

namespace OpsCenter.Wall.Tests.Live;

/// <summary>A mirror a test fills by hand, for components and feeds: no hub. Its subscribers are the real ones.</summary>
public sealed class FakeLiveMirror : ILiveMirror
{
    private readonly Subscribers _subscribers = new(TimeProvider.System, TimeSpan.Zero);

    public ConcurrentDictionary<string, UnitTile> Tiles { get; } = new(StringComparer.Ordinal);

    public LinkState Link { get; set; } = LinkState.Live;

    public DateTimeOffset? LastMessageAt { get; set; }

    public DateTimeOffset? DownSince { get; set; }

    public bool HasData => !Tiles.IsEmpty;

    public IReadOnlyList<LiveChange> RecentChanges { get; set; } = [];

    public UnitTile? Tile(string unit) => Tiles.GetValueOrDefault(unit);

    public Subscription Subscribe(Func<Task> callback) => _subscribers.Subscribe(callback);

    public void Put(params UnitTile[] tiles)
    {
        foreach (var tile in tiles)
        {
            Tiles[tile.Unit] = tile;
        }
        _subscribers.Notify();
    }

    public void Notify() => _subscribers.Notify();

    /// <summary>How many subscriptions are live (a disposed component leaves none behind).</summary>
    public int Subscribers => _subscribers.Count;
}
