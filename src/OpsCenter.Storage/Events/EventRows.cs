using System.Data.Common;
using System.Globalization;

namespace OpsCenter.Storage.Events;

/// <summary>
/// Reading the log, written once for both engines (portable SQL, <c>@name</c> parameters): the
/// same columns and the same mapping to <see cref="StoredEvent"/>. Appending stays per engine.
/// </summary>
internal static class EventRows
{
    /// <summary>Events after <paramref name="position"/>, in order; each store says why its positions become visible in order.</summary>
    public static async Task<IReadOnlyList<StoredEvent>> ReadAfterAsync(DbConnection connection, long position, int max, CancellationToken cancellationToken) =>
        await connection.QueryAsync(
            """
            SELECT position, kind, unit, source, occurred_at, received_at, payload
            FROM events WHERE position > @after ORDER BY position LIMIT @max
            """,
            Read, cancellationToken, ("@after", position), ("@max", max));

    public static async Task<long> LastPositionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var last = connection.Command("SELECT COALESCE(MAX(position), 0) FROM events");
        return Convert.ToInt64(await last.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static StoredEvent Read(DbDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
        reader.GetString(6));
}
