using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using OpsCenter.Domain.People;
using OpsCenter.Storage.People;

namespace OpsCenter.Aggregator.Embed;

/// <summary>Why an embed request was refused, in words a host page's developer understands.</summary>
/// <param name="Reason">For widgets to say it in the page's language: token-required, unknown-token, revoked, other-unit, kind, origin.</param>
public sealed record EmbedRefusal(int Status, string Title, string Detail, string Reason);

/// <summary>
/// Checks embed tokens against the store, keeping each answer for a few seconds: thousands of
/// viewers of one widget cost the store one read per token per interval, and a revocation takes
/// effect within that interval. Callers that find the answer expired while a read of it is under
/// way wait for that read instead of starting their own: the viewers of a widget re-check together
/// after each update, and on an asynchronous store (PostgreSQL) each would otherwise read it.
/// </summary>
public sealed class EmbedAccess
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(3);
    private readonly ConcurrentDictionary<string, CachedLookup> _cache = new(StringComparer.Ordinal);
    private readonly Func<string, CancellationToken, Task<EmbedTokenRecord?>> _lookup;
    private readonly TimeProvider _time;

    public EmbedAccess(EmbedTokenStore store, TimeProvider time)
        : this(store.FindByTokenAsync, time)
    {
    }

    /// <summary>Over any lookup of a token's record (tests count the store reads).</summary>
    internal EmbedAccess(Func<string, CancellationToken, Task<EmbedTokenRecord?>> lookup, TimeProvider time)
    {
        _lookup = lookup;
        _time = time;
    }

    /// <summary>The token's record if it may show <paramref name="kind"/> of <paramref name="unit"/> to a page of <paramref name="origin"/>; otherwise why not.</summary>
    public async Task<(EmbedTokenRecord? Token, EmbedRefusal? Refusal)> CheckAsync(string? token, string unit, string kind, string? origin, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return (null, new EmbedRefusal(401, "Embed token required", "token: add ?token=<embed token> (an administrator of the unit issues one).", "token-required"));
        }
        var record = await FindAsync(token, cancellationToken);
        if (record is null)
        {
            return (null, new EmbedRefusal(401, "Unknown embed token", "token: no such embed token.", "unknown-token"));
        }
        if (!record.IsActive)
        {
            return (null, new EmbedRefusal(403, "Embed token revoked", "token: this embed token was revoked; ask the unit for a new one.", "revoked"));
        }
        if (!string.Equals(record.Unit, unit, StringComparison.Ordinal))
        {
            return (null, new EmbedRefusal(403, "Not this token's unit", $"unit: this token shows unit {record.Unit} only.", "other-unit"));
        }
        if (!record.Kinds.Contains(kind))
        {
            return (null, new EmbedRefusal(403, "Widget kind not allowed", $"kind: this token may show {string.Join(", ", record.Kinds)}.", "kind"));
        }
        if (origin is not null && !IsAllowedOrigin(record, origin))
        {
            return (null, new EmbedRefusal(403, "Origin not allowed", $"origin: {origin} may not embed this token's widgets.", "origin"));
        }
        return (record, null);
    }

    public static bool IsAllowedOrigin(EmbedTokenRecord record, string origin) =>
        record.Origins.Contains(origin.TrimEnd('/').ToLowerInvariant(), StringComparer.Ordinal);

    private async Task<EmbedTokenRecord?> FindAsync(string token, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        while (true)
        {
            var now = _time.GetUtcNow();
            _cache.TryGetValue(key, out var cached);
            if (cached is not null && now - cached.At < CacheFor)
            {
                return await cached.Record.WaitAsync(cancellationToken);
            }
            if (cached is null && _cache.Count > 10_000)
            {
                _cache.Clear();
            }
            // Whoever replaces the expired entry reads the store; the others find its read and wait for it.
            var mine = new CachedLookup(now, token, _lookup);
            if (cached is null ? _cache.TryAdd(key, mine) : _cache.TryUpdate(key, mine, cached))
            {
                return await mine.StartAsync(() => _cache.TryRemove(new KeyValuePair<string, CachedLookup>(key, mine))).WaitAsync(cancellationToken);
            }
        }
    }

    /// <summary>One read of a token's record, shared by every caller within <see cref="CacheFor"/> of its start.</summary>
    private sealed class CachedLookup(DateTimeOffset at, string token, Func<string, CancellationToken, Task<EmbedTokenRecord?>> lookup)
    {
        private readonly TaskCompletionSource<EmbedTokenRecord?> _record = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public DateTimeOffset At { get; } = at;

        public Task<EmbedTokenRecord?> Record => _record.Task;

        /// <summary>Reads the store, not bound to the first caller's cancellation (the others wait for it too); a failed read is forgotten.</summary>
        public async Task<EmbedTokenRecord?> StartAsync(Action forget)
        {
            try
            {
                _record.SetResult(await lookup(token, CancellationToken.None));
            }
            catch (Exception e)
            {
                forget();
                _record.SetException(e);
            }
            return await _record.Task;
        }
    }
}
