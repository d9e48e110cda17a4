namespace OpsCenter.Domain.People;

/// <summary>What an embed token may show.</summary>
public static class EmbedKinds
{
    /// <summary>The live status card (script element or iframe), fed by the stream.</summary>
    public const string Card = "card";

    /// <summary>SVG badges (on-time rate, system status).</summary>
    public const string Badge = "badge";

    /// <summary>The JSON snapshot, for people who build their own.</summary>
    public const string Json = "json";

    public static readonly IReadOnlyList<string> All = [Card, Badge, Json];
}

/// <summary>
/// A read-only token for one unit's widgets on a host page. It is public by nature (it sits in the
/// page's source): its limits are its unit, its kinds, its allowed origins and revocation.
/// </summary>
public sealed record EmbedTokenRecord(
    string Id,
    string Unit,
    string Label,
    IReadOnlyList<string> Kinds,
    IReadOnlyList<string> Origins,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? RevokedAt)
{
    public bool IsActive => RevokedAt is null;
}

/// <summary>A new token: the token itself is shown once.</summary>
public sealed record IssuedEmbedToken(EmbedTokenRecord Record, string Token);
