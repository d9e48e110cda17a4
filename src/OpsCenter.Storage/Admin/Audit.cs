using System.Data.Common;
using System.Text.Json;

namespace OpsCenter.Storage.Admin;

/// <summary>One audited change: who, what, to which target, with the new value.</summary>
public sealed record AuditEntry(string Id, DateTimeOffset At, string Actor, string Action, string Target, string? Details);

/// <summary>Every configuration change writes its audit row in the same transaction as the change.</summary>
internal static class Audit
{
    public static Task WriteAsync(DbConnection connection, DbTransaction transaction, TimeProvider time, string actor, string action, string target, object? details, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(transaction,
            "INSERT INTO audit_log (id, at, actor, action, target, details) VALUES (@id, @at, @actor, @action, @target, @details)",
            cancellationToken,
            ("@id", SortableId.New(time)), ("@at", time.GetUtcNow().ToUnixTimeMilliseconds()),
            ("@actor", actor), ("@action", action), ("@target", target),
            ("@details", details is null ? null : JsonSerializer.Serialize(details, JsonSerializerOptions.Web)));

    /// <summary>
    /// Runs one change and, when it touched a row, its audit entry, in one transaction: every
    /// configuration store changes things this way. False when no row was touched.
    /// </summary>
    public static async Task<bool> ChangeAsync(IStoreConnections store, TimeProvider time, string actor, string action, string target, object? details,
        string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(transaction, sql, cancellationToken, parameters) > 0;
        if (changed)
        {
            await WriteAsync(connection, transaction, time, actor, action, target, details, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }
}
