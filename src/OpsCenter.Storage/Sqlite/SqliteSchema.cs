using Microsoft.Data.Sqlite;

namespace OpsCenter.Storage.Sqlite;

/// <summary>Forward-only migrations; each runs once, in order, inside one write transaction.</summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE events (
            position    INTEGER PRIMARY KEY AUTOINCREMENT,
            kind        TEXT    NOT NULL,
            unit        TEXT    NOT NULL,
            source      TEXT    NOT NULL,
            occurred_at INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            payload     TEXT    NOT NULL
        );
        CREATE INDEX ix_events_unit_kind_time ON events (unit, kind, occurred_at);

        CREATE TABLE ingest_batches (
            source          TEXT    NOT NULL,
            idempotency_key TEXT    NOT NULL,
            body_hash       BLOB    NOT NULL,
            item_count      INTEGER NOT NULL,
            received_at     INTEGER NOT NULL,
            PRIMARY KEY (source, idempotency_key)
        ) WITHOUT ROWID;

        CREATE TABLE sources (
            id               TEXT    PRIMARY KEY,
            name             TEXT    NOT NULL,
            units            TEXT    NULL,
            kinds            TEXT    NOT NULL,
            interval_seconds INTEGER NOT NULL
        );

        CREATE TABLE source_keys (
            key_hash   BLOB    PRIMARY KEY,
            source_id  TEXT    NOT NULL REFERENCES sources (id),
            created_at INTEGER NOT NULL,
            revoked_at INTEGER NULL
        ) WITHOUT ROWID;
        """,
        Admin.AdminSchema.Version2,
        Admin.AdminSchema.Version3,
        Admin.AdminSchema.Version4,
        Admin.AdminSchema.Version5,
        Admin.AdminSchema.Version6,
        Admin.AdminSchema.Version7,
    ];

    public static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE takes the write lock first, so two services starting together migrate once.
        await using (var begin = connection.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            await using var version = connection.CreateCommand();
            version.CommandText = "PRAGMA user_version";
            var current = Convert.ToInt32(await version.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            for (var i = current; i < Migrations.Length; i++)
            {
                await using var migrate = connection.CreateCommand();
                migrate.CommandText = Migrations[i] + $"\nPRAGMA user_version = {i + 1};";
                await migrate.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var commit = connection.CreateCommand();
            commit.CommandText = "COMMIT";
            await commit.ExecuteNonQueryAsync(cancellationToken);
        }
        catch
        {
            await using var rollback = connection.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync(CancellationToken.None);
            throw;
        }
    }
}
