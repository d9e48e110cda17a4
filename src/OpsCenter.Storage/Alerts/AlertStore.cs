using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using OpsCenter.Storage.Admin;

namespace OpsCenter.Storage.Alerts;

/// <summary>The states an alert row moves through (the same words as the wire contract's).</summary>
public static class AlertRowState
{
    public const string Firing = "firing";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
}

/// <summary>
/// The collector's current row of one alert: what the log's alert events add up to, kept so that an
/// action on an unknown or resolved alert can be refused and recipients picked without reading the log.
/// </summary>
public sealed record AlertRecord(
    string Key,
    string RuleId,
    string Cause,
    IReadOnlyList<string> Units,
    string Severity,
    string Text,
    string TextEn,
    string State,
    DateTimeOffset Onset,
    DateTimeOffset FiredAt,
    DateTimeOffset? AcknowledgedAt = null,
    string? AcknowledgedBy = null,
    string? Assignee = null,
    DateTimeOffset? ResolvedAt = null,
    string? ResolvedBy = null);

/// <summary>
/// The alert rule set (the settings row <see cref="RulesSetting"/>, the rule-set file's JSON, saved
/// with an audit entry), the live-from instant every evaluator shares, and the <c>alerts</c> table.
/// Changes of state are compare-and-set statements, so two replicas cannot both acknowledge.
/// </summary>
public sealed class AlertStore(IStoreConnections store, TimeProvider time)
{
    public const string RulesSetting = "alerts.rules";
    public const string LiveFromSetting = "alerts.live-from";

    private const string Columns = """
        key, rule_id, cause, units, severity, text, text_en, state, onset, fired_at,
        acknowledged_at, acknowledged_by, assignee, resolved_at, resolved_by
        """;

    /// <summary>The stored rule-set file's JSON; null when none was ever saved.</summary>
    public async Task<string?> GetRulesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return (await connection.QueryAsync("SELECT value FROM settings WHERE key = @key", r => r.GetString(0), cancellationToken,
            ("@key", RulesSetting))).FirstOrDefault();
    }

    /// <summary>Replaces the rule set (the caller has validated it) and audits <c>alert-rules.saved</c> with the rule ids.</summary>
    public async Task SaveRulesAsync(string json, IReadOnlyList<string> ruleIds, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(transaction,
            "INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            cancellationToken, ("@key", RulesSetting), ("@value", json));
        await Audit.WriteAsync(connection, transaction, time, actor, "alert-rules.saved", RulesSetting, new { rules = ruleIds }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The instant from which alerts may fire, shared by every evaluator: written once (as a JSON string
    /// holding an ISO-8601 UTC instant) by the first caller; every caller gets the stored value.
    /// </summary>
    public async Task<DateTimeOffset> EnsureLiveFromAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var value = JsonSerializer.Serialize(now.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        await using var connection = await store.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(null, "INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO NOTHING",
            cancellationToken, ("@key", LiveFromSetting), ("@value", value));
        var stored = (await connection.QueryAsync("SELECT value FROM settings WHERE key = @key", r => r.GetString(0), cancellationToken,
            ("@key", LiveFromSetting))).Single();
        return DateTimeOffset.Parse(JsonSerializer.Deserialize<string>(stored)!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    /// <summary>Records a fired alert; a row already there (a replay) is left as it is.</summary>
    public async Task<bool> UpsertFiredAsync(AlertRecord alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await using var connection = await store.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(null,
            $"""
            INSERT INTO alerts ({Columns})
            VALUES (@key, @rule, @cause, @units, @severity, @text, @textEn, @state, @onset, @fired, NULL, NULL, NULL, NULL, NULL)
            ON CONFLICT (key) DO NOTHING
            """,
            cancellationToken, ("@key", alert.Key), ("@rule", alert.RuleId), ("@cause", alert.Cause), ("@units", JsonSerializer.Serialize(alert.Units)),
            ("@severity", alert.Severity), ("@text", alert.Text), ("@textEn", alert.TextEn), ("@state", AlertRowState.Firing),
            ("@onset", alert.Onset.ToUnixTimeMilliseconds()), ("@fired", alert.FiredAt.ToUnixTimeMilliseconds())) == 1;
    }

    /// <summary>The alert's units changed; false when the alert is unknown.</summary>
    public async Task<bool> UpdateUnitsAsync(string key, IReadOnlyList<string> units, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(null, "UPDATE alerts SET units = @units WHERE key = @key", cancellationToken,
            ("@key", key), ("@units", JsonSerializer.Serialize(units))) == 1;
    }

    /// <summary>firing → acknowledged, only from firing (compare-and-set): true when this call did it.</summary>
    public async Task<bool> AcknowledgeAsync(string key, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(null,
            "UPDATE alerts SET state = @ack, acknowledged_at = @at, acknowledged_by = @by WHERE key = @key AND state = @firing",
            cancellationToken, ("@key", key), ("@by", by), ("@at", at.ToUnixTimeMilliseconds()),
            ("@ack", AlertRowState.Acknowledged), ("@firing", AlertRowState.Firing)) == 1;
    }

    /// <summary>Sets who deals with an open alert; false when the alert is unknown or resolved.</summary>
    public async Task<bool> AssignAsync(string key, string assignee, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(null, "UPDATE alerts SET assignee = @assignee WHERE key = @key AND state <> @resolved",
            cancellationToken, ("@key", key), ("@assignee", assignee), ("@resolved", AlertRowState.Resolved)) == 1;
    }

    /// <summary>Resolves an alert not yet resolved (by a person, or null: by itself): true when this call did it.</summary>
    public async Task<bool> ResolveAsync(string key, string? by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(null,
            "UPDATE alerts SET state = @resolved, resolved_at = @at, resolved_by = @by WHERE key = @key AND state <> @resolved",
            cancellationToken, ("@key", key), ("@by", by), ("@at", at.ToUnixTimeMilliseconds()), ("@resolved", AlertRowState.Resolved)) == 1;
    }

    public async Task<AlertRecord?> FindAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return (await connection.QueryAsync($"SELECT {Columns} FROM alerts WHERE key = @key", Read, cancellationToken, ("@key", key))).FirstOrDefault();
    }

    /// <summary>Firing and acknowledged alerts, oldest first.</summary>
    public async Task<IReadOnlyList<AlertRecord>> ListOpenAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return await connection.QueryAsync($"SELECT {Columns} FROM alerts WHERE state <> @resolved ORDER BY fired_at, key", Read, cancellationToken,
            ("@resolved", AlertRowState.Resolved));
    }

    private static AlertRecord Read(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), JsonSerializer.Deserialize<string[]>(r.GetString(3)) ?? [], r.GetString(4),
        r.GetString(5), r.GetString(6), r.GetString(7),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(8)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(9)),
        Time(r.NullableInt64(10)), r.NullableString(11), r.NullableString(12), Time(r.NullableInt64(13)), r.NullableString(14));

    private static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
