using System.Data.Common;

namespace OpsCenter.Storage;

/// <summary>
/// Opened, migrated connections to whichever engine is configured. Configuration and admin data
/// (sources, keys, groups, windows, audit) use portable SQL over this one seam, so each query is
/// written once for both SQLite and PostgreSQL; only the event log has engine-specific code.
/// </summary>
public interface IStoreConnections
{
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);
}

/// <summary>Small helpers for portable ADO.NET: <c>@name</c> parameters work on both engines.</summary>
public static class Sql
{
    public static DbCommand Command(this DbConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        connection.Command(null, sql, parameters);

    public static DbCommand Command(this DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public static async Task<int> ExecuteAsync(this DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Command(transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static Task<List<T>> QueryAsync<T>(this DbConnection connection, string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        connection.QueryAsync(null, sql, read, cancellationToken, parameters);

    /// <summary>A query inside a transaction (SQLite refuses a command without it while one is open).</summary>
    public static async Task<List<T>> QueryAsync<T>(this DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Command(transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    public static string? NullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? NullableInt64(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
