namespace OpsCenter.Domain.Units;

/// <summary>What kind of body a unit is; the territorial tiers and the departments are separate axes.</summary>
public enum UnitKind
{
    City,
    Province,
    Ward,
    Commune,
    SpecialZone,
    Department,
}

/// <summary>
/// A reporting unit. Codes are the official administrative codes (e.g. <c>26740</c>) for territorial
/// units. Units are effective-dated: after a reorganisation an old code may even be reused by a
/// different unit, so identity is the code within its validity period.
/// </summary>
public sealed record Unit(
    string Code,
    UnitKind Kind,
    string Name,
    string NameEn,
    string FullName,
    string FullNameEn,
    string? ParentCode,
    DateOnly ValidFrom,
    DateOnly? ValidTo = null)
{
    public bool IsValidOn(DateOnly day) => day >= ValidFrom && (ValidTo is null || day <= ValidTo);
}
