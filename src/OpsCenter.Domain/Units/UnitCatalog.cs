using System.Collections.Frozen;
using System.Text.Json;

namespace OpsCenter.Domain.Units;

/// <summary>
/// The registry of current units, read from the official list embedded in this assembly.
/// By default it holds Ho Chi Minh City (code 79), its 168 commune-level units and its
/// departments; <see cref="LoadNational"/> adds every province and all 3,321 commune-level
/// units for scale runs.
/// </summary>
public sealed class UnitCatalog
{
    public const string HcmcCode = "79";

    /// <summary>The city's units and departments only.</summary>
    public const string HcmcCatalogue = "hcmc";

    /// <summary>Every province and all 3,321 commune-level units, with the city's departments (scale runs).</summary>
    public const string NationalCatalogue = "national";

    /// <summary>The day the two-tier local government took effect (Resolution 202/2025/QH15).</summary>
    public static readonly DateOnly ReorganisationDay = new(2025, 7, 1);

    private readonly FrozenDictionary<string, Unit> _byCode;
    private readonly FrozenDictionary<string, Unit[]> _children;

    private UnitCatalog(IReadOnlyList<Unit> units)
    {
        All = units;
        CommuneLevel = [.. units.Where(u => u.ParentCode == HcmcCode && u.Kind is UnitKind.Ward or UnitKind.Commune or UnitKind.SpecialZone)];
        Departments = [.. units.Where(u => u.Kind == UnitKind.Department)];
        _byCode = units.ToFrozenDictionary(u => u.Code, StringComparer.Ordinal);
        _children = units.Where(u => u.ParentCode is not null)
            .GroupBy(u => u.ParentCode!, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    public IReadOnlyList<Unit> All { get; }

    public Unit City => _byCode[HcmcCode];

    /// <summary>The city's 168 wards, communes and special zone, in the official list's order.</summary>
    public IReadOnlyList<Unit> CommuneLevel { get; }

    /// <summary>The city's departments (sở, ngành): the second axis beside the territorial one.</summary>
    public IReadOnlyList<Unit> Departments { get; }

    public int Count => All.Count;

    public Unit? Find(string code) => _byCode.GetValueOrDefault(code);

    public bool Contains(string code) => _byCode.ContainsKey(code);

    public IReadOnlyList<Unit> ChildrenOf(string code) => _children.GetValueOrDefault(code) ?? [];

    public static UnitCatalog LoadHcmc() => new([.. Read(onlyProvince: HcmcCode), .. ReadDepartments()]);

    public static UnitCatalog LoadNational() => new([.. Read(onlyProvince: null), .. ReadDepartments()]);

    /// <summary>The catalogue a service is configured with: <c>hcmc</c> (the default, also when empty) or <c>national</c>.</summary>
    public static UnitCatalog Load(string? catalogue) => catalogue?.Trim().ToLowerInvariant() switch
    {
        null or "" or HcmcCatalogue => LoadHcmc(),
        NationalCatalogue => LoadNational(),
        _ => throw new InvalidOperationException($"Unknown unit catalogue '{catalogue}': use '{HcmcCatalogue}' or '{NationalCatalogue}'."),
    };

    private static Stream OpenResource(string name) =>
        typeof(UnitCatalog).Assembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"The embedded resource {name} is missing from OpsCenter.Domain.");

    private static IEnumerable<Unit> ReadDepartments()
    {
        using var stream = OpenResource("OpsCenter.Domain.hcmc-departments.json");
        var file = JsonSerializer.Deserialize<DepartmentFile>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("The embedded department list is empty.");
        return [.. file.Departments.Select(d => new Unit(d.Code, UnitKind.Department, d.Name, d.NameEn, d.Name, d.NameEn, HcmcCode, file.ValidFrom))];
    }

    private static List<Unit> Read(string? onlyProvince)
    {
        using var stream = OpenResource("OpsCenter.Domain.vn-units.json");
        var provinces = JsonSerializer.Deserialize<List<ProvinceRow>>(stream)
            ?? throw new InvalidOperationException("The embedded unit list is empty.");

        var units = new List<Unit>();
        foreach (var province in provinces.Where(p => onlyProvince is null || p.Code == onlyProvince))
        {
            units.Add(new Unit(province.Code,
                province.AdministrativeUnitShortName == "Thành phố" ? UnitKind.City : UnitKind.Province, province.Name, province.NameEn,
                province.FullName, province.FullNameEn, null, ReorganisationDay));
            units.AddRange(province.Wards.Select(w => new Unit(w.Code, KindOf(w.AdministrativeUnitShortName),
                w.Name, w.NameEn, w.FullName, w.FullNameEn, province.Code, ReorganisationDay)));
        }
        return units;
    }

    private static UnitKind KindOf(string shortName) => shortName switch
    {
        "Phường" => UnitKind.Ward,
        "Xã" => UnitKind.Commune,
        "Đặc khu" => UnitKind.SpecialZone,
        _ => throw new InvalidOperationException($"Unknown administrative unit type '{shortName}'."),
    };

    private sealed record DepartmentFile(DateOnly ValidFrom, List<DepartmentRow> Departments);

    private sealed record DepartmentRow(string Code, string Name, string NameEn);

    private sealed record ProvinceRow(
        string Code, string Name, string NameEn, string FullName, string FullNameEn,
        string AdministrativeUnitShortName, List<WardRow> Wards);

    private sealed record WardRow(
        string Code, string Name, string NameEn, string FullName, string FullNameEn, string AdministrativeUnitShortName);
}
