using System.Collections.Frozen;
using System.Text.Json;

namespace OpsCenter.Domain.Units;

/// <summary>A commune-level unit that existed before 1 July 2025, with the units it went into.</summary>
public sealed record FormerUnit(string Code, string FullName, string Province, IReadOnlyList<string> Successors)
{
    /// <summary>The successor its history is attributed to: the first one listed in the mapping.</summary>
    public string MainSuccessor => Successors[0];

    /// <summary>True when the unit was split: attributing all of it to one successor is approximate.</summary>
    public bool WasSplit => Successors.Count > 1;
}

/// <summary>How data reported under some code is attributed to a current unit.</summary>
/// <param name="Unit">The current unit the data counts for.</param>
/// <param name="ReportedCode">The code the source used.</param>
/// <param name="Approximate">True when the reported unit was split among several successors.</param>
public sealed record Attribution(Unit Unit, string ReportedCode, bool Approximate)
{
    public bool WasMapped => Unit.Code != ReportedCode;
}

/// <summary>
/// The old-to-new mapping of the 2025 reorganisation, so that data reported under a pre-July-2025
/// code keeps counting for the unit that succeeded it. Codes were reused across the reform (old
/// 26734 Tân Định became part of new 26737 Tân Định, while new 26740 is Sài Gòn), so the date of
/// the data decides which unit a code means: before <see cref="UnitCatalog.ReorganisationDay"/>
/// (local date) a code names the old unit, from that day on the new one.
/// </summary>
public sealed class UnitLineage
{
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);
    private readonly FrozenDictionary<string, FormerUnit> _former;
    private readonly UnitCatalog _current;

    private UnitLineage(UnitCatalog current, IEnumerable<FormerUnit> former)
    {
        _current = current;
        _former = former.ToFrozenDictionary(f => f.Code, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<FormerUnit> FormerUnits => _former.Values;

    public static UnitLineage LoadHcmc(UnitCatalog current)
    {
        using var stream = typeof(UnitLineage).Assembly.GetManifestResourceStream("OpsCenter.Domain.hcmc-lineage.json")
            ?? throw new InvalidOperationException("The embedded lineage file is missing from OpsCenter.Domain.");
        var file = JsonSerializer.Deserialize<LineageFile>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("The embedded lineage file is empty.");
        return new UnitLineage(current, file.Units.Select(u => new FormerUnit(u.Code, u.FullName, u.Province, u.Successors)));
    }

    /// <summary>The current unit that data reported under <paramref name="code"/> at <paramref name="at"/> counts for, or null.</summary>
    public Attribution? Attribute(string code, DateTimeOffset at)
    {
        var localDay = DateOnly.FromDateTime(at.ToOffset(VietnamOffset).DateTime);
        if (localDay < UnitCatalog.ReorganisationDay && _former.TryGetValue(code, out var former)
            && _current.Find(former.MainSuccessor) is { } successor)
        {
            return new Attribution(successor, code, former.WasSplit);
        }
        return _current.Find(code) is { } unit ? new Attribution(unit, code, false) : null;
    }

    /// <summary>
    /// Where each current commune-level unit came from (the old province most of its former units
    /// belonged to): <c>79</c> old Ho Chi Minh City, <c>74</c> Bình Dương, <c>77</c> Bà Rịa-Vũng Tàu.
    /// </summary>
    public IReadOnlyDictionary<string, string> OriginProvinces() =>
        _former.Values
            .SelectMany(f => f.Successors.Select(s => (Successor: s, f.Province)))
            .GroupBy(x => x.Successor, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.GroupBy(x => x.Province).OrderByDescending(p => p.Count()).First().Key, StringComparer.Ordinal);

    private sealed record LineageFile(List<LineageRow> Units);

    private sealed record LineageRow(string Code, string FullName, string Province, List<string> Successors);
}
