using OpsCenter.Domain.Units;

namespace OpsCenter.Domain.Tests.Units;

public class UnitCatalogTests
{
    private static readonly UnitCatalog Hcmc = UnitCatalog.LoadHcmc();

    [Fact]
    public void LoadHcmc_HasTheCityAndIts168Units()
    {
        Assert.Equal("79", Hcmc.City.Code);
        Assert.Equal("Thành phố Hồ Chí Minh", Hcmc.City.FullName);
        Assert.Equal(UnitKind.City, Hcmc.City.Kind);

        Assert.Equal(168, Hcmc.CommuneLevel.Count);
        Assert.Equal(1 + 168 + 17, Hcmc.Count);
    }

    [Fact]
    public void LoadHcmc_Has113Wards54CommunesAndOneSpecialZone()
    {
        var kinds = Hcmc.CommuneLevel.GroupBy(u => u.Kind).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(113, kinds[UnitKind.Ward]);
        Assert.Equal(54, kinds[UnitKind.Commune]);
        Assert.Equal(1, kinds[UnitKind.SpecialZone]);
        Assert.Equal("Côn Đảo", Hcmc.CommuneLevel.Single(u => u.Kind == UnitKind.SpecialZone).Name);
    }

    [Theory]
    [InlineData("26740", "Phường Sài Gòn")]
    [InlineData("27112", "Phường Cát Lái")]
    [InlineData("26842", "Phường Tăng Nhơn Phú")]
    public void Find_KnownCode_ReturnsTheRealNameWithDiacritics(string code, string fullName)
    {
        var unit = Hcmc.Find(code);

        Assert.NotNull(unit);
        Assert.Equal(fullName, unit.FullName);
        Assert.Equal("79", unit.ParentCode);
        Assert.True(unit.IsValidOn(new DateOnly(2025, 7, 1)));
        Assert.False(unit.IsValidOn(new DateOnly(2025, 6, 30)));
    }

    [Fact]
    public void Find_UnknownCode_ReturnsNull() => Assert.Null(Hcmc.Find("99999"));

    [Fact]
    public void LoadNational_Has34ProvincesAnd3321Units()
    {
        var national = UnitCatalog.LoadNational();

        Assert.Equal(34, national.All.Count(u => u.Kind is UnitKind.City or UnitKind.Province));
        Assert.Equal(3321, national.All.Count(u => u.ParentCode is not null && u.Kind != UnitKind.Department));
    }

    [Theory]
    [InlineData(null, 1 + 168 + 17)]
    [InlineData("", 1 + 168 + 17)]
    [InlineData("hcmc", 1 + 168 + 17)]
    [InlineData("National", 34 + 3321 + 17)]
    public void Load_ByConfiguredName_HcmcByDefault(string? catalogue, int count) =>
        Assert.Equal(count, UnitCatalog.Load(catalogue).Count);

    [Fact]
    public void Load_UnknownName_Throws() => Assert.Throws<InvalidOperationException>(() => UnitCatalog.Load("hanoi"));
}
