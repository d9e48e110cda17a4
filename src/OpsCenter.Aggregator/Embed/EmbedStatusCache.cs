using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using OpsCenter.Aggregator.Live;
using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Units;

namespace OpsCenter.Aggregator.Embed;

/// <summary>
/// Each unit's widget answers (its status, the status as JSON bytes, their ETag, its badges),
/// built once and kept until the unit's tile is published as changed, or <see cref="KeptAtMost"/>:
/// badge and status requests then cost a lookup, not a tile, two serializations and a hash each.
/// Every change a viewer can see goes through the publisher (state, systems, figures, a newer
/// sample), which calls <see cref="Changed"/>; the time bound only refreshes <c>generatedAt</c>.
/// </summary>
public sealed class EmbedStatusCache(LiveState state, UnitCatalog units, TimeProvider time)
{
    /// <summary>The status.json's own max-age: no answer is older than a cache in front of it may keep it.</summary>
    public static readonly TimeSpan KeptAtMost = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBox<long>> _versions = new(StringComparer.Ordinal);

    /// <summary>The unit's current answers (the unit must be in the catalogue).</summary>
    public Entry Get(string unit)
    {
        var version = Interlocked.Read(ref VersionOf(unit).Value);
        if (_entries.TryGetValue(unit, out var entry) && entry.Version == version && time.GetElapsedTime(entry.BuiltAt) < KeptAtMost)
        {
            return entry;
        }
        // Built from the state as it is now, under the version read before: a change published
        // meanwhile bumps the version, so this entry is not served after it.
        var now = time.GetUtcNow();
        return Store(units.Find(unit)!, state.Tile(unit, now), now, version);
    }

    /// <summary>The unit's tile was published as changed: its answers are built again on the next request.</summary>
    public void Changed(string unit) => Interlocked.Increment(ref VersionOf(unit).Value);

    /// <summary>
    /// The unit's tile was published as changed and its widgets are watching: the answers are built
    /// from that tile now (its stream frame for the viewers, then status.json and the badges from
    /// the same entry), not again from the state on the next request.
    /// </summary>
    public Entry Changed(Unit unit, UnitTile tile, DateTimeOffset now) =>
        Store(unit, tile, now, Interlocked.Increment(ref VersionOf(unit.Code).Value));

    private Entry Store(Unit unit, UnitTile tile, DateTimeOffset now, long version)
    {
        var entry = new Entry(EmbedStatus.Of(unit, tile, now), version, time.GetTimestamp());
        _entries[unit.Code] = entry;
        return entry;
    }

    private StrongBox<long> VersionOf(string unit) => _versions.GetOrAdd(unit, _ => new StrongBox<long>());

    /// <summary>One unit's answers at one moment.</summary>
    public sealed class Entry(EmbedStatus status, long version, long builtAt)
    {
        private readonly ConcurrentDictionary<(string Metric, bool Vi), (string Svg, string ETag)> _badges = new();
        private readonly Lazy<(byte[] Json, string ETag)> _json = new(() =>
            (JsonSerializer.SerializeToUtf8Bytes(status, EmbedStatus.Json),
             // The ETag leaves out generatedAt: the same data built at another moment is the same answer.
             ETagOf(JsonSerializer.SerializeToUtf8Bytes(status with { GeneratedAt = default }, EmbedStatus.Json))));

        private ReadOnlyMemory<byte>? _frame;

        public EmbedStatus Status { get; } = status;

        internal long Version { get; } = version;

        internal long BuiltAt { get; } = builtAt;

        public byte[] Json => _json.Value.Json;

        public string ETag => _json.Value.ETag;

        /// <summary>The status as one Server-Sent Event, ready to write to every viewer.</summary>
        public ReadOnlyMemory<byte> Frame => _frame ??= EmbedBroadcaster.Frame("status", Json);

        /// <summary>The badge for <paramref name="metric"/> (<c>status</c> or the on-time rate) in one language, with its ETag.</summary>
        public (string Svg, string ETag) Badge(string? metric, bool vi) =>
            _badges.GetOrAdd((metric == "status" ? "status" : "on-time", vi), key =>
            {
                var svg = key.Metric == "status" ? Badges.Status(Status, key.Vi) : Badges.OnTime(Status, key.Vi);
                return (svg, ETagOf(System.Text.Encoding.UTF8.GetBytes(svg)));
            });
    }

    internal static string ETagOf(ReadOnlySpan<byte> bytes) =>
        "\"" + Convert.ToHexString(SHA256.HashData(bytes)[..12]).ToLowerInvariant() + "\"";
}
