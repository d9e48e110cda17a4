using OpsCenter.Domain.Health;

namespace OpsCenter.Contracts.Admin;

/// <summary>A source as <c>/api/admin/v1/sources</c> shows it.</summary>
/// <param name="Units">Unit codes the source may write; null for every unit (a city-wide system).</param>
/// <param name="LastPoll">For a polled source, its last check since the collector started (null before the first, or after its URL changed).</param>
public sealed record SourceInfo(
    string Id,
    string Name,
    IReadOnlyList<string>? Units,
    IReadOnlyList<string> Kinds,
    int ExpectedIntervalSeconds,
    string? HealthUrl,
    string? HealthSystem,
    PollInfo? LastPoll = null);

/// <summary>A polled source's last check: the URL, the status, why it failed or was not checked, when; <see cref="Refused"/> when its target was refused.</summary>
public sealed record PollInfo(string Url, HealthStatus Status, string? Reason, DateTimeOffset At, int? LatencyMs, PollRefusalInfo? Refused);

/// <summary>
/// What was refused (an address, or a URL when <see cref="Range"/> is <c>scheme</c>), its range
/// (loopback, linkLocal, private, shared, unspecified, multicast, reserved, scheme) and the host name that led there.
/// </summary>
public sealed record PollRefusalInfo(string Target, string Range, string? Host);

/// <summary>Body of <c>PUT /api/admin/v1/sources/{id}</c>.</summary>
/// <param name="Units">Unit codes the source may write; null or empty for every unit (a city-wide system).</param>
/// <param name="HealthUrl">A health URL the collector polls (ASP.NET health JSON or a plain status code); then exactly one unit and <paramref name="HealthSystem"/>.</param>
public sealed record SourceRequest(string? Name, IReadOnlyList<string>? Units, IReadOnlyList<string>? Kinds, int? ExpectedIntervalSeconds, string? HealthUrl, string? HealthSystem);

/// <summary>A source key as listed to administrators: never the key itself, only its public id.</summary>
public sealed record SourceKeyInfo(string KeyId, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary><c>POST /api/admin/v1/sources/{id}/keys</c>: a new key, shown once (stored only as a hash).</summary>
public sealed record NewSourceKey(string KeyId, string Key);

/// <summary>What arrived from a source and what was refused: for the source's own IT person (<c>GET /api/ingest/v1/report</c>) and for admins.</summary>
public sealed record SourceReport(string Source, DateTimeOffset GeneratedAt, IReadOnlyList<KindArrivalsInfo> Arrivals, IReadOnlyList<RejectionInfo> Rejections);

/// <summary>What arrived from one source, per kind.</summary>
public sealed record KindArrivalsInfo(string Kind, long Count, DateTimeOffset LastReceivedAt, string LastItem);

/// <summary>A batch the collector refused, with why.</summary>
public sealed record RejectionInfo(DateTimeOffset At, string Kind, int Status, string Title, string? Errors);
