using Npgsql;

namespace OpsCenter.Storage.Postgres;

/// <summary>
/// Forward-only migrations, the same tables and columns as <c>SqliteSchema</c>. Times are bigint
/// unix milliseconds, as on SQLite, so both engines return identical data.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>
    /// Advisory lock keys (scoped to the database by PostgreSQL). The text is "OpsCntr" plus a
    /// number, so they are easy to recognise in <c>pg_locks</c>.
    /// </summary>
    public const long MigrationLock = 0x4F7073436E747201;

    public const long AppendLock = 0x4F7073436E747202;

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE events (
            position    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            kind        text   NOT NULL,
            unit        text   NOT NULL,
            source      text   NOT NULL,
            occurred_at bigint NOT NULL,
            received_at bigint NOT NULL,
            payload     text   NOT NULL
        );
        CREATE INDEX ix_events_unit_kind_time ON events (unit, kind, occurred_at);

        CREATE TABLE ingest_batches (
            source          text    NOT NULL,
            idempotency_key text    NOT NULL,
            body_hash       bytea   NOT NULL,
            item_count      integer NOT NULL,
            received_at     bigint  NOT NULL,
            PRIMARY KEY (source, idempotency_key)
        );

        CREATE TABLE sources (
            id               text   PRIMARY KEY,
            name             text   NOT NULL,
            units            text   NULL,
            kinds            text   NOT NULL,
            interval_seconds bigint NOT NULL
        );

        CREATE TABLE source_keys (
            key_hash   bytea  PRIMARY KEY,
            source_id  text   NOT NULL REFERENCES sources (id),
            created_at bigint NOT NULL,
            revoked_at bigint NULL
        );
        """,
        Admin.AdminSchema.Version2,
        Admin.AdminSchema.Version3,
        Admin.AdminSchema.Version4,
        Admin.AdminSchema.Version5,
        Admin.AdminSchema.Version6,
        Admin.AdminSchema.Version7,
    ];

    public static async Task MigrateAsync(NpgsqlConnection connection, TimeProvider time, CancellationToken cancellationToken)
    {
        // The transaction-scoped advisory lock comes first, before even the version table is
        // created, so two services starting together migrate once: the second waits, then finds
        // the schema current. DDL is transactional on PostgreSQL, so a failed step leaves nothing.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var prepare = new NpgsqlCommand(
            """
            SELECT pg_advisory_xact_lock(@lock);
            CREATE TABLE IF NOT EXISTS schema_version (
                version    integer PRIMARY KEY,
                applied_at bigint  NOT NULL
            );
            """,
            connection,
            transaction))
        {
            prepare.Parameters.AddWithValue("lock", MigrationLock);
            await prepare.ExecuteNonQueryAsync(cancellationToken);
        }

        int current;
        await using (var version = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection, transaction))
        {
            current = (int)(await version.ExecuteScalarAsync(cancellationToken))!;
        }

        for (var i = current; i < Migrations.Length; i++)
        {
            await using (var migrate = new NpgsqlCommand(Migrations[i], connection, transaction))
            {
                await migrate.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var record = new NpgsqlCommand("INSERT INTO schema_version (version, applied_at) VALUES (@version, @now)", connection, transaction);
            record.Parameters.AddWithValue("version", i + 1);
            record.Parameters.AddWithValue("now", time.GetUtcNow().ToUnixTimeMilliseconds());
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
