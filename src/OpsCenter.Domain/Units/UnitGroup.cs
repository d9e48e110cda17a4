namespace OpsCenter.Domain.Units;

/// <summary>A named set of units that rolls up like a unit (e.g. the wards that came from Bình Dương).</summary>
public sealed record UnitGroup(string Id, string Name, string NameEn, IReadOnlyList<string> Units)
{
    /// <summary>
    /// The groups every installation starts with: the city's units by the province they came from
    /// in the 2025 merger, and the departments. Operators add their own through the admin API.
    /// </summary>
    public static IReadOnlyList<UnitGroup> Defaults(UnitCatalog units, UnitLineage lineage)
    {
        var origins = lineage.OriginProvinces();
        string[] From(string province) => [.. units.CommuneLevel.Where(u => origins.GetValueOrDefault(u.Code) == province).Select(u => u.Code)];
        return
        [
            new("origin-hcmc", "Khu vực TP.HCM cũ", "Former Ho Chi Minh City area", From("79")),
            new("origin-binh-duong", "Khu vực Bình Dương cũ", "Former Bình Dương area", From("74")),
            new("origin-ba-ria-vung-tau", "Khu vực Bà Rịa - Vũng Tàu cũ", "Former Bà Rịa-Vũng Tàu area", From("77")),
            new("departments", "Các sở, ngành", "Departments", [.. units.Departments.Select(d => d.Code)]),
        ];
    }
}
