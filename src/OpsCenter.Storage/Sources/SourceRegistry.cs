using System.Security.Cryptography;
using System.Text;

namespace OpsCenter.Storage.Sources;

/// <summary>
/// A system that reports to the center. <see cref="Units"/> is the set of units it may write for
/// (null: every unit, for a city-wide system); <see cref="Kinds"/> the data kinds it may send.
/// </summary>
public sealed record Source(
    string Id, string Name, IReadOnlyList<string>? Units, IReadOnlyList<string> Kinds, TimeSpan ExpectedInterval)
{
    public bool MayWriteUnit(string unit) => Units is null || Units.Contains(unit, StringComparer.Ordinal);

    public bool MaySend(string kind) => Kinds.Contains(kind, StringComparer.Ordinal);
}

public interface ISourceRegistry
{
    /// <summary>The source that owns an active (not revoked) key, or null.</summary>
    Task<Source?> FindByKeyAsync(string apiKey, CancellationToken cancellationToken);

    Task UpsertSourceAsync(Source source, CancellationToken cancellationToken);

    /// <summary>Adds a key to a source; several keys may be active at once for rotation.</summary>
    Task AddKeyAsync(string sourceId, string apiKey, CancellationToken cancellationToken);

    Task<IReadOnlyList<Source>> ListSourcesAsync(CancellationToken cancellationToken);
}

/// <summary>API keys are random and long, so a plain SHA-256 is the right hash (no stretching needed).</summary>
public static class ApiKeyHash
{
    public static byte[] Of(string apiKey) => SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));

    /// <summary>A new random key: 32 bytes, URL-safe, with a prefix that says what it is.</summary>
    public static string NewKey() =>
        "ock_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
