using System.Security.Cryptography;
using System.Text;

namespace OpsCenter.Storage.Sources;

/// <summary>
/// A system that reports to the center. <see cref="Units"/> is the set of units it may write for
/// (null: every unit, for a city-wide system); <see cref="Kinds"/> the data kinds it may send;
/// <see cref="HealthUrl"/>, when set, is polled by the collector every interval instead of the source
/// pushing health, and the result is recorded for <see cref="HealthSystem"/> of its single unit.
/// </summary>
public sealed record Source(
    string Id, string Name, IReadOnlyList<string>? Units, IReadOnlyList<string> Kinds, TimeSpan ExpectedInterval,
    string? HealthUrl = null, string? HealthSystem = null)
{
    public bool MayWriteUnit(string unit) => Units is null || Units.Contains(unit, StringComparer.Ordinal);

    public bool MaySend(string kind) => Kinds.Contains(kind, StringComparer.Ordinal);
}

/// <summary>A key as listed to administrators: never the key itself, only its public id.</summary>
public sealed record SourceKeyRecord(string KeyId, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A freshly issued key: <see cref="Key"/> is shown once and stored only as a hash.</summary>
public sealed record IssuedKey(string KeyId, string Key);

public interface ISourceRegistry
{
    /// <summary>The source that owns an active (not revoked) key, or null.</summary>
    Task<Source?> FindByKeyAsync(string apiKey, CancellationToken cancellationToken);

    Task<Source?> GetSourceAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<Source>> ListSourcesAsync(CancellationToken cancellationToken);

    /// <summary>Creates or updates a source; the change is audited under <paramref name="actor"/>.</summary>
    Task UpsertSourceAsync(Source source, string actor, CancellationToken cancellationToken);

    /// <summary>Adds a key chosen by configuration (the seeded development setup).</summary>
    Task AddKeyAsync(string sourceId, string apiKey, CancellationToken cancellationToken);

    /// <summary>Makes a new random key; several keys may be active at once for rotation.</summary>
    Task<IssuedKey> IssueKeyAsync(string sourceId, string actor, CancellationToken cancellationToken);

    /// <summary>Revokes a key at once; false when the source has no such key.</summary>
    Task<bool> RevokeKeyAsync(string sourceId, string keyId, string actor, CancellationToken cancellationToken);

    Task<IReadOnlyList<SourceKeyRecord>> ListKeysAsync(string sourceId, CancellationToken cancellationToken);
}

/// <summary>API keys are random and long, so a plain SHA-256 is the right hash (no stretching needed).</summary>
public static class ApiKeyHash
{
    public static byte[] Of(string apiKey) => SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));

    /// <summary>A new random key: 32 bytes, URL-safe, with a prefix that says what it is.</summary>
    public static string NewKey() =>
        "ock_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The public id of a key: derived from its hash, safe to show and log.</summary>
    public static string IdOf(string apiKey) => "key_" + Convert.ToHexString(Of(apiKey).AsSpan(0, 6)).ToLowerInvariant();
}
