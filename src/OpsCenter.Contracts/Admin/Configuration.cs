using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;

namespace OpsCenter.Contracts.Admin;

/// <summary>A group of units that rolls up like a unit: built in, or the operators' own.</summary>
public sealed record GroupInfo(string Id, string Name, string NameEn, IReadOnlyList<string> Units);

/// <summary>Body of <c>PUT /api/admin/v1/groups/{id}</c>.</summary>
public sealed record GroupRequest(string? Name, string? NameEn, IReadOnlyList<string>? Units);

/// <summary>A unit with its systems: the six standard ones and its own.</summary>
public sealed record UnitInfo(string Code, string Name, UnitKind Kind, IReadOnlyList<SystemKind> Systems);

/// <summary>A system a unit runs beside the six standard ones.</summary>
public sealed record UnitSystemInfo(string Unit, string System, string Name, string NameEn);

/// <summary>Body of <c>PUT /api/admin/v1/units/{code}/systems/{system}</c>.</summary>
public sealed record UnitSystemRequest(string? Name, string? NameEn);

/// <summary>A planned outage: shown as maintenance, not down, and excluded from availability.</summary>
/// <param name="System">One system, or null for every system of the unit.</param>
public sealed record MaintenanceInfo(string Id, string Unit, string? System, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Reason, string CreatedBy);

/// <summary>Body of <c>POST /api/admin/v1/maintenance</c>.</summary>
public sealed record MaintenanceRequest(string? Unit, string? System, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? Reason);

/// <summary>An entry of the audit log (<c>GET /api/admin/v1/audit</c>): who changed what, when.</summary>
public sealed record AuditInfo(string Id, DateTimeOffset At, string Actor, string Action, string Target, string? Details);

/// <summary>
/// The operator-tunable thresholds (DOMAIN.md defaults), <c>GET/PUT /api/admin/v1/thresholds</c>:
/// freshness in expected intervals, nearly-due in working days or a share of the allowed time.
/// </summary>
public sealed record Thresholds(
    double FreshUpTo = 1, double LateUpTo = 3, double StaleUpTo = 10, int StaleAtLeastMinutes = 60,
    double NearlyDueWorkingDays = 1, double NearlyDueShareOfAllowedTime = 0.2);
