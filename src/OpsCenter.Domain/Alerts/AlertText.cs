using System.Globalization;

namespace OpsCenter.Domain.Alerts;

/// <summary>The one-line Vietnamese and English text of a fired alert, for the wall and the e-mail subject.</summary>
public static class AlertText
{
    public static (string Vi, string En) Describe(AlertRule rule, string cause, int unitCount)
    {
        var t = Number(rule.Threshold);
        var p = rule.PeriodMinutes?.ToString(CultureInfo.InvariantCulture) ?? "";
        var (vi, en) = rule.Kind switch
        {
            AlertRuleKind.SystemDown when rule.IncludeDegraded => ($"hệ thống {cause} ngừng hoặc suy giảm", $"system {cause} down or degraded"),
            AlertRuleKind.SystemDown => ($"hệ thống {cause} ngừng hoạt động", $"system {cause} down"),
            AlertRuleKind.SourceSilent when rule.PeriodMinutes is not null => ($"nguồn {cause} không gửi dữ liệu trong {p} phút", $"source {cause} silent for {p} min"),
            AlertRuleKind.SourceSilent => ($"nguồn {cause} không gửi dữ liệu", $"source {cause} silent"),
            AlertRuleKind.LateDossiersAbove => ($"hồ sơ trễ hạn vượt {t}", $"late dossiers above {t}"),
            AlertRuleKind.LateDossiersRising => ($"hồ sơ trễ hạn tăng từ {t} trong {p} phút", $"late dossiers up by {t} or more within {p} min"),
            AlertRuleKind.OnTimeRateBelow => ($"tỷ lệ đúng hạn dưới {Percent(rule.Threshold)}", $"on-time rate below {Percent(rule.Threshold)}"),
            AlertRuleKind.Index766Drop => ($"ước tính 766 giảm từ {t} điểm trong {p} phút", $"766 estimate down by {t} points or more within {p} min"),
            AlertRuleKind.IncidentSeverity => ($"sự cố {cause} mức từ {t}", $"incident {cause} of severity {t} or more"),
            AlertRuleKind.OpsCenterHealth => ($"thành phần {cause} của OpsCenter không bình thường", $"OpsCenter component {cause} unhealthy"),
            _ => (cause, cause),
        };
        var count = unitCount.ToString(CultureInfo.InvariantCulture);
        return unitCount > 0
            ? ($"{rule.Name}: {vi} tại {count} đơn vị", $"{rule.NameEn}: {en} in {count} unit{(unitCount == 1 ? "" : "s")}")
            : ($"{rule.Name}: {vi}", $"{rule.NameEn}: {en}");
    }

    private static string Number(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    private static string Percent(double? value) => value is { } v ? (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "";
}
