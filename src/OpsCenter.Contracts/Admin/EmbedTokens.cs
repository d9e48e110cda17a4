namespace OpsCenter.Contracts.Admin;

/// <summary>An embed token as <c>GET /api/admin/v1/embed-tokens</c> lists it: never the token itself.</summary>
/// <param name="Origins">The host pages' origins allowed to embed (CORS and <c>frame-ancestors</c>).</param>
public sealed record EmbedTokenInfo(
    string Id,
    string Unit,
    string Label,
    IReadOnlyList<string> Kinds,
    IReadOnlyList<string> Origins,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? RevokedAt)
{
    /// <summary>On the wire as <c>isActive</c> (read-only: ignored when read back).</summary>
    public bool IsActive => RevokedAt is null;
}

/// <summary><c>POST /api/admin/v1/embed-tokens</c>: the new token, shown once.</summary>
public sealed record NewEmbedToken(EmbedTokenInfo Record, string Token);

/// <summary>Body of <c>POST /api/admin/v1/embed-tokens</c>.</summary>
/// <param name="Origins">The host pages' origins (<c>https://ubnd.hochiminhcity.gov.vn</c>) allowed to embed.</param>
public sealed record EmbedTokenRequest(string? Unit, string? Label, IReadOnlyList<string>? Kinds, IReadOnlyList<string>? Origins);
