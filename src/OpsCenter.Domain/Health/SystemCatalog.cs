namespace OpsCenter.Domain.Health;

/// <summary>A kind of software a unit runs, with its names in both languages.</summary>
public sealed record SystemKind(string Code, string Name, string NameEn);

/// <summary>The six systems every ward runs (DOMAIN.md); units may add their own later.</summary>
public static class SystemCatalog
{
    public static readonly SystemKind OneStop = new("one-stop", "Một cửa điện tử", "One-stop dossiers");
    public static readonly SystemKind CivilStatus = new("civil-status", "Hộ tịch", "Civil status");
    public static readonly SystemKind Accounting = new("accounting", "Kế toán", "Accounting");
    public static readonly SystemKind Personnel = new("personnel", "Cán bộ công chức", "Personnel");
    public static readonly SystemKind Documents = new("documents", "Văn thư lưu trữ", "Documents and archives");
    public static readonly SystemKind DigitalSignature = new("digital-signature", "Chữ ký số", "Digital signature");

    public static IReadOnlyList<SystemKind> Standard { get; } =
        [OneStop, CivilStatus, Accounting, Personnel, Documents, DigitalSignature];

    public static SystemKind? Find(string code) => Standard.FirstOrDefault(s => s.Code == code);
}
