using System.Collections.Frozen;
using OpsCenter.Domain.Units;

namespace OpsCenter.Aggregator.Scopes;

/// <summary>
/// Which units each scope covers: a unit itself; the city (79) its communes and departments, plus
/// itself for what is reported for the city; a group its units. Built once from the catalogue and
/// the groups, read-only: the live state, the publisher, the hub, health and the query API read it
/// here rather than through the KPI state.
/// </summary>
public sealed class ScopeMembers
{
    private readonly UnitCatalog _units;
    private readonly FrozenDictionary<string, string[]> _rollups;

    public ScopeMembers(UnitCatalog units, IReadOnlyList<UnitGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(groups);
        _units = units;
        Groups = groups.ToFrozenDictionary(g => g.Id, StringComparer.Ordinal);
        var rollups = groups.ToDictionary(g => g.Id, g => g.Units.ToArray(), StringComparer.Ordinal);
        rollups[City] = [.. CityUnits.Select(u => u.Code), City];
        _rollups = rollups.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The city's code (79).</summary>
    public string City => _units.City.Code;

    /// <summary>The units the city scope shows tiles of (communes and departments), in catalogue order.</summary>
    public IReadOnlyList<Unit> CityUnits => _units.ChildrenOf(City);

    public IReadOnlyDictionary<string, UnitGroup> Groups { get; }

    /// <summary>A unit of the catalogue (the city among them).</summary>
    public bool IsUnit(string code) => _units.Contains(code);

    /// <summary>A unit, the city or a group.</summary>
    public bool IsKnown(string code) => _units.Contains(code) || Groups.ContainsKey(code);

    /// <summary>True for the city and the groups: scopes whose figures add up their units'.</summary>
    public bool IsRollup(string code) => _rollups.ContainsKey(code);

    /// <summary>The units a scope adds up (for a unit, itself; the city includes itself).</summary>
    public IReadOnlyList<string> MembersOf(string code) => _rollups.GetValueOrDefault(code) ?? [code];
}
