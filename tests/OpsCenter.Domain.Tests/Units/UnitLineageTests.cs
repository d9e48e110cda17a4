using OpsCenter.Domain.Units;

namespace OpsCenter.Domain.Tests.Units;

public class UnitLineageTests
{
    private static readonly UnitCatalog Hcmc = UnitCatalog.LoadHcmc();
    private static readonly UnitLineage Lineage = UnitLineage.LoadHcmc(Hcmc);
    private static readonly DateTimeOffset Before = new(2025, 3, 1, 8, 0, 0, TimeSpan.FromHours(7));
    private static readonly DateTimeOffset After = new(2025, 9, 1, 8, 0, 0, TimeSpan.FromHours(7));

    [Fact]
    public void LoadHcmc_HasTheFormerUnitsOfTheThreeMergedProvinces()
    {
        Assert.Equal(441 + 1, Lineage.FormerUnits.Count); // 441 communes and the district of Côn Đảo
        Assert.Equal(["74", "77", "79"], Lineage.FormerUnits.Select(f => f.Province).Distinct().Order());
    }

    [Fact]
    public void Attribute_OldCatLaiBeforeTheReform_CountsForNewCatLai()
    {
        var attribution = Lineage.Attribute("27109", Before);

        Assert.NotNull(attribution);
        Assert.Equal("27112", attribution.Unit.Code);
        Assert.Equal("Phường Cát Lái", attribution.Unit.FullName);
        Assert.True(attribution.WasMapped);
        Assert.False(attribution.Approximate);
    }

    [Fact]
    public void Attribute_OldTanPhuOfThuDuc_CountsForTangNhonPhu() =>
        Assert.Equal("26842", Lineage.Attribute("26836", Before)!.Unit.Code);

    [Fact]
    public void Attribute_ReusedCode_MeansTheOldUnitBeforeAndTheNewUnitAfter()
    {
        // 26737 was Phường Đa Kao (split into Sài Gòn and Tân Định); today it is Phường Tân Định.
        var before = Lineage.Attribute("26737", Before)!;
        var after = Lineage.Attribute("26737", After)!;

        Assert.Equal("26740", before.Unit.Code);
        Assert.True(before.Approximate);
        Assert.Equal("26737", after.Unit.Code);
        Assert.False(after.WasMapped);
    }

    [Fact]
    public void Attribute_LocalDateDecides_MidnightInHoChiMinhCity()
    {
        var lastOldMinute = new DateTimeOffset(2025, 6, 30, 16, 59, 0, TimeSpan.Zero); // 23:59 in HCMC
        var firstNewMinute = new DateTimeOffset(2025, 6, 30, 17, 0, 0, TimeSpan.Zero); // 00:00 on 1 July

        Assert.Equal("26740", Lineage.Attribute("26737", lastOldMinute)!.Unit.Code);
        Assert.Equal("26737", Lineage.Attribute("26737", firstNewMinute)!.Unit.Code);
    }

    [Fact]
    public void Attribute_UnknownCode_IsNull() => Assert.Null(Lineage.Attribute("99999", Before));

    [Fact]
    public void DefaultGroups_SplitTheCityByOrigin()
    {
        var groups = UnitGroup.Defaults(Hcmc, Lineage).ToDictionary(g => g.Id);

        Assert.Equal(168, groups["origin-hcmc"].Units.Count + groups["origin-binh-duong"].Units.Count + groups["origin-ba-ria-vung-tau"].Units.Count);
        Assert.Contains("25747", groups["origin-binh-duong"].Units); // Thủ Dầu Một
        Assert.Contains("26506", groups["origin-ba-ria-vung-tau"].Units); // Vũng Tàu
        Assert.Contains("26740", groups["origin-hcmc"].Units); // Sài Gòn
        Assert.Equal(17, groups["departments"].Units.Count);
    }

    [Fact]
    public void Departments_AreSeventeenWithStableCodes()
    {
        Assert.Equal(17, Hcmc.Departments.Count);
        Assert.Equal("Sở Nông nghiệp và Môi trường", Hcmc.Find("SNNMT")!.Name);
        Assert.All(Hcmc.Departments, d => Assert.Equal(UnitKind.Department, d.Kind));
    }
}
