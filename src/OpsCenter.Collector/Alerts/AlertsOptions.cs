using System.ComponentModel.DataAnnotations;

namespace OpsCenter.Collector.Alerts;

/// <summary>The collector's side of alerting (section <c>Alerts</c>): mail links and the rules seeded at first start.</summary>
public sealed class AlertsOptions
{
    public const string Section = "Alerts";

    /// <summary>The HMAC key of the acknowledgement links (at least 32 random bytes); empty: mail carries no link.</summary>
    public string LinkKey { get; set; } = "";

    /// <summary>Where people reach the Wall, e.g. <c>https://opscenter.hcmc.gov.vn</c>; the link is <c>{this}/alerts/confirm?t=…</c>.</summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>How long an acknowledgement link works.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A folder of rule-set files (<c>*.json</c>) imported when the store has no rule set yet.</summary>
    public string? RulesFolder { get; set; }
}
