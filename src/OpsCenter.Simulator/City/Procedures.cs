namespace OpsCenter.Simulator.City;

/// <summary>An administrative procedure the simulated one-stop desks handle.</summary>
/// <param name="LegalDays">The legal time limit in working days.</param>
/// <param name="Weight">Relative share of dossiers at a ward desk.</param>
/// <param name="HasFee">Fees or charges are due, so online payment applies.</param>
internal sealed record Procedure(string Code, string Name, int LegalDays, double Weight, bool HasFee, bool Department);

/// <summary>
/// A dozen common procedures. The codes are EXAMPLES in the shape of the national procedure codes
/// (1.001757 ...), chosen to look real; the names and limits follow the usual legal limits in
/// working days (civil status mostly same-day to 3 days, land 10-20, construction 15, business 3).
/// Civil status and certification dominate a ward desk, as DOMAIN.md's "130 copies a day" suggests;
/// departments handle land, construction and business.
/// </summary>
internal static class Procedures
{
    public static readonly IReadOnlyList<Procedure> All =
    [
        new("1.001757", "Cấp bản sao trích lục hộ tịch", 1, 14, HasFee: true, Department: false),
        new("1.001193", "Đăng ký khai sinh", 1, 12, HasFee: false, Department: false),
        new("2.000908", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", 1, 24, HasFee: true, Department: false),
        new("2.000815", "Chứng thực chữ ký trong các giấy tờ, văn bản", 1, 8, HasFee: true, Department: false),
        new("1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", 3, 8, HasFee: false, Department: false),
        new("1.000894", "Đăng ký kết hôn", 3, 4, HasFee: false, Department: false),
        new("1.001022", "Đăng ký khai tử", 1, 3, HasFee: false, Department: false),
        new("1.004227", "Đăng ký biến động quyền sử dụng đất, tài sản gắn liền với đất", 10, 8, HasFee: true, Department: true),
        new("1.003003", "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu", 20, 3, HasFee: true, Department: true),
        new("1.009794", "Cấp giấy phép xây dựng nhà ở riêng lẻ", 15, 5, HasFee: true, Department: true),
        new("2.000575", "Đăng ký thành lập hộ kinh doanh", 3, 7, HasFee: true, Department: true),
        new("1.001612", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", 3, 4, HasFee: true, Department: true),
    ];

    private static readonly Procedure[] DepartmentMix = [.. All.Where(p => p.Department)];

    public static Procedure Pick(Random random, bool department)
    {
        var list = department ? DepartmentMix : All;
        var total = list.Sum(p => p.Weight);
        var x = random.NextDouble() * total;
        foreach (var p in list)
        {
            x -= p.Weight;
            if (x < 0)
            {
                return p;
            }
        }
        return list[^1];
    }
}
