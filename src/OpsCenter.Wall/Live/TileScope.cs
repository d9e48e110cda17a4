using System.Collections.Frozen;
using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Units;
using OpsCenter.Wall.Access;

namespace OpsCenter.Wall.Live;

/// <summary>
/// What a tile shows: the whole city, one unit (<c>unit:26740</c>) or a group (<c>group:origin-binh-duong</c>).
/// <see cref="Rollup"/> is the tile the aggregator rolls the scope up into (79, the unit, or the group).
/// </summary>
public sealed record TileScope(string Name, string Rollup, IReadOnlySet<string>? Members)
{
    public bool IsCity => Members is null;

    public bool Contains(string unit) => Members is null || Members.Contains(unit);

    public IEnumerable<Unit> Filter(IEnumerable<Unit> units) => Members is null ? units : units.Where(u => Members.Contains(u.Code));
}

/// <summary>
/// Resolves a layout's scope text. Groups are the built-in ones and the operators' own (read from
/// the collector once a minute; a group the aggregator does not roll up yet shows its units only).
/// </summary>
public sealed partial class TileScopes(UnitCatalog units, UnitLineage lineage, CollectorAdmin admin, TimeProvider time, ILogger<TileScopes> logger)
{
    private static readonly TimeSpan GroupsFresh = TimeSpan.FromMinutes(1);
    private readonly FrozenDictionary<string, IReadOnlyList<string>> _defaults =
        UnitGroup.Defaults(units, lineage).ToFrozenDictionary(g => g.Id, g => g.Units, StringComparer.Ordinal);
    private volatile IReadOnlyDictionary<string, IReadOnlyList<string>> _groups = FrozenDictionary<string, IReadOnlyList<string>>.Empty;
    private DateTimeOffset _groupsReadAt = DateTimeOffset.MinValue;
    // Every tile resolves its scope on every render (once a second per screen): keep the answers.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TileScope> _resolved = new(StringComparer.Ordinal);
    private int _reading;

    public static readonly TileScope City = new("city", UnitCatalog.HcmcCode, null);

    public TileScope Resolve(string? scope)
    {
        if (string.IsNullOrWhiteSpace(scope) || scope == "city")
        {
            return City;
        }
        if (LiveScope.TryParse(scope, out var parsed) && parsed.Kind == LiveScopeKind.Group)
        {
            RefreshGroupsInBackground();
        }
        return _resolved.GetOrAdd(scope, Build);
    }

    private TileScope Build(string scope)
    {
        if (LiveScope.TryParse(scope, out var parsed))
        {
            switch (parsed.Kind)
            {
                case LiveScopeKind.Unit when units.Find(parsed.Id!) is { } unit:
                    return new TileScope(scope, unit.Code, new HashSet<string>(StringComparer.Ordinal) { unit.Code });
                case LiveScopeKind.Group when (_groups.GetValueOrDefault(parsed.Id!) ?? _defaults.GetValueOrDefault(parsed.Id!)) is { } members:
                    return new TileScope(scope, parsed.Id!, members.ToHashSet(StringComparer.Ordinal));
            }
        }
        // An unknown scope shows nothing rather than the whole city: a mistake must not look like data.
        return new TileScope(scope, scope, new HashSet<string>());
    }

    private void RefreshGroupsInBackground()
    {
        if (time.GetUtcNow() - _groupsReadAt < GroupsFresh || Interlocked.Exchange(ref _reading, 1) == 1)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                var groups = await admin.ListGroupsAsync(CancellationToken.None);
                _groups = groups.ToFrozenDictionary(g => g.Id, g => g.Units, StringComparer.Ordinal);
                _groupsReadAt = time.GetUtcNow();
                _resolved.Clear();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or AdminRequestException)
            {
                LogGroupsUnavailable(e.Message);
                _groupsReadAt = time.GetUtcNow() - GroupsFresh + TimeSpan.FromSeconds(10);
            }
            finally
            {
                Interlocked.Exchange(ref _reading, 0);
            }
        });
    }

    [LoggerMessage(LogLevel.Warning, "Reading the unit groups from the collector failed: {Reason}")]
    private partial void LogGroupsUnavailable(string reason);
}
