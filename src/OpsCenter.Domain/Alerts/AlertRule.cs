namespace OpsCenter.Domain.Alerts;

/// <summary>What an alert rule watches. Each kind reads one kind of observation.</summary>
public enum AlertRuleKind
{
    /// <summary>A unit's system is down (or degraded, when the rule says so).</summary>
    SystemDown,

    /// <summary>A source has stopped reporting: for <see cref="AlertRule.PeriodMinutes"/>, or silent under the freshness policy.</summary>
    SourceSilent,

    /// <summary>Late dossiers still in progress above <see cref="AlertRule.Threshold"/>.</summary>
    LateDossiersAbove,

    /// <summary>Late dossiers risen by at least <see cref="AlertRule.Threshold"/> within <see cref="AlertRule.PeriodMinutes"/>.</summary>
    LateDossiersRising,

    /// <summary>On-time rate (a fraction, 0-1) below <see cref="AlertRule.Threshold"/>.</summary>
    OnTimeRateBelow,

    /// <summary>The live 766 estimate dropped by at least <see cref="AlertRule.Threshold"/> points within <see cref="AlertRule.PeriodMinutes"/>.</summary>
    Index766Drop,

    /// <summary>An open incident of severity at least <see cref="AlertRule.Threshold"/>.</summary>
    IncidentSeverity,

    /// <summary>A named OpsCenter component (<see cref="AlertRule.Component"/>) is unhealthy.</summary>
    OpsCenterHealth,
}

/// <summary>How loudly an alert asks for attention; later sessions map it to notification tiers.</summary>
public enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}

/// <summary>Which units a rule watches.</summary>
public enum AlertScopeKind
{
    All,
    Group,
    Unit,
}

/// <summary>
/// The units a rule watches: all of them, a group's unit list (copied in, so a rule file is
/// self-contained and an edited group does not silently change what an audited rule covers), or one.
/// </summary>
public sealed record AlertScope(AlertScopeKind Kind, string? GroupId = null, IReadOnlyList<string>? Units = null, string? Unit = null)
{
    public static readonly AlertScope AllUnits = new(AlertScopeKind.All);

    public static AlertScope OfUnit(string unit) => new(AlertScopeKind.Unit, Unit: unit);

    public static AlertScope OfGroup(string groupId, IReadOnlyList<string> units) => new(AlertScopeKind.Group, groupId, units);

    public bool Covers(string unit) => Kind switch
    {
        AlertScopeKind.All => true,
        AlertScopeKind.Group => Units?.Contains(unit, StringComparer.Ordinal) == true,
        _ => string.Equals(Unit, unit, StringComparison.Ordinal),
    };
}

/// <summary>
/// One alert rule, as kept in the store and in dashboards/alerts/*.json. Flat on purpose: every
/// kind's parameters sit side by side (unused ones stay null), so the file format is one shape
/// an operator can read and the validator can name each field.
/// </summary>
/// <param name="Id">Stable id (lowercase letters, digits, '-'); part of every alert key.</param>
/// <param name="HoldMinutes">The condition must hold this long before the alert fires ("for N minutes").</param>
/// <param name="ClearMinutes">The condition must stay clear this long before the alert resolves (hysteresis).</param>
/// <param name="Threshold">The kind's number: a count, a fraction, points or a severity level.</param>
/// <param name="PeriodMinutes">The look-back window of the rising and dropping kinds; SourceSilent: silent after this long without a report (null: the freshness policy's silent age, at least an hour).</param>
/// <param name="System">SystemDown: the one system watched; null watches every system.</param>
/// <param name="IncludeDegraded">SystemDown: whether degraded counts as down.</param>
/// <param name="Source">SourceSilent: the one source watched; null watches every source.</param>
/// <param name="Component">OpsCenterHealth: the component watched (e.g. "collector").</param>
public sealed record AlertRule(
    string Id,
    string Name,
    string NameEn,
    AlertRuleKind Kind,
    AlertSeverity Severity,
    AlertScope Scope,
    int HoldMinutes = 5,
    int ClearMinutes = 5,
    bool Enabled = true,
    double? Threshold = null,
    int? PeriodMinutes = null,
    string? System = null,
    bool IncludeDegraded = false,
    string? Source = null,
    string? Component = null)
{
    public TimeSpan Hold => TimeSpan.FromMinutes(HoldMinutes);

    public TimeSpan Clear => TimeSpan.FromMinutes(ClearMinutes);

    public TimeSpan Period => TimeSpan.FromMinutes(PeriodMinutes ?? 0);
}
