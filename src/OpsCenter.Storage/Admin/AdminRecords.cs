namespace OpsCenter.Storage.Admin;

/// <summary>An operator-defined group of units that rolls up like a unit.</summary>
public sealed record GroupRecord(string Id, string Name, string NameEn, IReadOnlyList<string> Units);

/// <summary>A system a unit runs beside the six standard ones.</summary>
public sealed record UnitSystemRecord(string Unit, string System, string Name, string NameEn);

/// <summary>A planned outage: shown as maintenance, not down, and excluded from availability.</summary>
/// <param name="System">One system, or null for every system of the unit.</param>
public sealed record MaintenanceWindow(string Id, string Unit, string? System, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Reason, string CreatedBy);

/// <summary>A batch the collector refused, kept so that a source's IT person can see why.</summary>
public sealed record Rejection(DateTimeOffset At, string Kind, int Status, string Title, string? Errors);

/// <summary>What arrived from one source, per kind.</summary>
public sealed record KindArrivals(string Kind, long Count, DateTimeOffset LastReceivedAt, string LastItem);
