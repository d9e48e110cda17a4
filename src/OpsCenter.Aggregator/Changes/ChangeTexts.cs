using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;

namespace OpsCenter.Aggregator.Changes;

/// <summary>The wall's sentences for each kind of change, in Vietnamese and English.</summary>
public sealed class ChangeTexts(UnitCatalog units)
{
    public (string Vi, string En) System(string kind, string unit, string system)
    {
        var (u, uEn) = Names(unit);
        var known = SystemCatalog.Find(system);
        var (s, sEn) = (known?.Name ?? system, known?.NameEn ?? system);
        return kind switch
        {
            ChangeKinds.SystemDown => ($"{s} của {u} ngừng hoạt động", $"{sEn} of {uEn} is down"),
            ChangeKinds.SystemDegraded => ($"{s} của {u} hoạt động không ổn định", $"{sEn} of {uEn} is degraded"),
            _ => ($"{s} của {u} đã hoạt động trở lại", $"{sEn} of {uEn} is back up"),
        };
    }

    public (string Vi, string En) Freshness(string kind, string unit)
    {
        var (u, uEn) = Names(unit);
        return kind switch
        {
            ChangeKinds.UnitStale => ($"{u} không gửi dữ liệu mới: dữ liệu đã cũ", $"{uEn} stopped reporting: its data is stale"),
            ChangeKinds.UnitSilent => ($"{u} mất liên lạc", $"{uEn} went silent"),
            _ => ($"{u} gửi dữ liệu trở lại", $"{uEn} is reporting again"),
        };
    }

    public (string Vi, string En) LateJump(string unit, int before, int after)
    {
        var (u, uEn) = Names(unit);
        return ($"Hồ sơ trễ hạn của {u} tăng từ {before} lên {after}", $"Late dossiers of {uEn} rose from {before} to {after}");
    }

    public (string Vi, string En) Incident(string kind, string unit, string? title)
    {
        var (u, uEn) = Names(unit);
        var t = string.IsNullOrWhiteSpace(title) ? "" : $": {title}";
        return kind switch
        {
            ChangeKinds.IncidentOpened => ($"Sự cố mới tại {u}{t}", $"New incident in {uEn}{t}"),
            ChangeKinds.IncidentResolved => ($"Sự cố tại {u} đã được xử lý{t}", $"Incident in {uEn} resolved{t}"),
            _ => ($"Sự cố tại {u} được cập nhật{t}", $"Incident in {uEn} updated{t}"),
        };
    }

    private (string Vi, string En) Names(string code) =>
        units.Find(code) is { } unit ? (unit.Name, unit.NameEn) : (code, code);
}
