namespace OpsCenter.Contracts.Alerts;

/// <summary>
/// <c>GET /api/admin/v1/alerts/acknowledge-link?token=</c>: what the Wall's confirmation page shows
/// for the link in an alert e-mail (looking changes nothing). <see cref="CanConfirm"/>: the alert is
/// still firing and the link's recipient may still act, so the page offers the button.
/// </summary>
public sealed record AlertLinkPreview(
    string Key,
    string Text,
    string TextEn,
    IReadOnlyList<string> Units,
    string State,
    DateTimeOffset FiredAt,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    bool CanConfirm);
