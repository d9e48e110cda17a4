namespace OpsCenter.Storage.Admin;

/// <summary>
/// The configuration tables, in SQL that SQLite and PostgreSQL both accept (text ids, bigint unix
/// milliseconds, JSON in text columns), so one migration serves both engines.
/// </summary>
internal static class AdminSchema
{
    public const string Version2 = """
        ALTER TABLE sources ADD COLUMN health_url text NULL;
        ALTER TABLE sources ADD COLUMN health_system text NULL;
        ALTER TABLE source_keys ADD COLUMN key_id text NULL;
        CREATE UNIQUE INDEX ix_source_keys_key_id ON source_keys (key_id);
        CREATE INDEX ix_events_source_kind ON events (source, kind, position);

        CREATE TABLE audit_log (
            id      text   PRIMARY KEY,
            at      bigint NOT NULL,
            actor   text   NOT NULL,
            action  text   NOT NULL,
            target  text   NOT NULL,
            details text   NULL
        );
        CREATE INDEX ix_audit_log_at ON audit_log (at);

        CREATE TABLE unit_groups (
            id      text PRIMARY KEY,
            name    text NOT NULL,
            name_en text NOT NULL,
            units   text NOT NULL
        );

        CREATE TABLE unit_systems (
            unit    text NOT NULL,
            system  text NOT NULL,
            name    text NOT NULL,
            name_en text NOT NULL,
            PRIMARY KEY (unit, system)
        );

        CREATE TABLE maintenance_windows (
            id        text   PRIMARY KEY,
            unit      text   NOT NULL,
            system    text   NULL,
            starts_at bigint NOT NULL,
            ends_at   bigint NOT NULL,
            reason    text   NOT NULL,
            created_by text  NOT NULL
        );

        CREATE TABLE settings (
            key   text PRIMARY KEY,
            value text NOT NULL
        );

        CREATE TABLE ingest_rejections (
            id      text   PRIMARY KEY,
            source  text   NOT NULL,
            at      bigint NOT NULL,
            kind    text   NOT NULL,
            status  bigint NOT NULL,
            title   text   NOT NULL,
            errors  text   NULL
        );
        CREATE INDEX ix_ingest_rejections_source_at ON ingest_rejections (source, at);

        CREATE TABLE health_hourly (
            unit          text   NOT NULL,
            system        text   NOT NULL,
            hour          bigint NOT NULL,
            up            bigint NOT NULL,
            degraded      bigint NOT NULL,
            down          bigint NOT NULL,
            latency_sum   bigint NOT NULL,
            latency_count bigint NOT NULL,
            PRIMARY KEY (unit, system, hour)
        );
        CREATE INDEX ix_events_kind_received ON events (kind, received_at);
        CREATE INDEX ix_ingest_batches_received ON ingest_batches (received_at);
        """;

    /// <summary>People who sign in to the Wall, and wall screens (devices) with their hashed tokens.</summary>
    public const string Version3 = """
        CREATE TABLE people (
            username      text   PRIMARY KEY,
            display_name  text   NOT NULL,
            role          text   NOT NULL,
            unit          text   NULL,
            password_hash text   NOT NULL,
            disabled      bigint NOT NULL,
            failed_count  bigint NOT NULL,
            locked_until  bigint NULL,
            created_at    bigint NOT NULL,
            updated_at    bigint NOT NULL,
            last_sign_in  bigint NULL
        );

        CREATE TABLE devices (
            id              text   PRIMARY KEY,
            name            text   NOT NULL,
            status          text   NOT NULL,
            pairing_code    text   NULL,
            pairing_expires bigint NULL,
            view_id         text   NULL,
            token_hash      bytea  NOT NULL,
            created_at      bigint NOT NULL,
            approved_at     bigint NULL,
            approved_by     text   NULL,
            last_seen       bigint NULL
        );
        CREATE UNIQUE INDEX ix_devices_token_hash ON devices (token_hash);
        CREATE INDEX ix_devices_pairing_code ON devices (pairing_code);
        """;

    /// <summary>Embed tokens: read-only, one unit, chosen widget kinds, allowed origins; stored hashed.</summary>
    public const string Version4 = """
        CREATE TABLE embed_tokens (
            id         text   PRIMARY KEY,
            token_hash bytea  NOT NULL,
            unit       text   NOT NULL,
            label      text   NOT NULL,
            kinds      text   NOT NULL,
            origins    text   NOT NULL,
            created_at bigint NOT NULL,
            created_by text   NOT NULL,
            revoked_at bigint NULL
        );
        CREATE UNIQUE INDEX ix_embed_tokens_hash ON embed_tokens (token_hash);
        CREATE INDEX ix_embed_tokens_unit ON embed_tokens (unit);
        """;

    /// <summary>
    /// Sign-in attempts per account and client address (a growing delay instead of a lock anyone can
    /// trigger), and each person's security stamp (changed by sign-out, disabling, role, unit or password
    /// changes: every session made before it ends).
    /// </summary>
    public const string Version5 = """
        ALTER TABLE people ADD COLUMN security_stamp text NULL;
        CREATE TABLE sign_in_attempts (
            username     text   NOT NULL,
            client       text   NOT NULL,
            failures     bigint NOT NULL,
            next_allowed bigint NOT NULL,
            updated_at   bigint NOT NULL,
            PRIMARY KEY (username, client)
        );
        CREATE INDEX ix_sign_in_attempts_updated ON sign_in_attempts (updated_at);
        """;

    /// <summary>
    /// Leases for work done once across replicas (the row stays after release, so its fencing token
    /// only grows), and the notification outbox: one row per alert, recipient and message kind.
    /// </summary>
    public const string Version6 = """
        CREATE TABLE leases (
            name        text   PRIMARY KEY,
            holder      text   NOT NULL,
            token       bigint NOT NULL,
            acquired_at bigint NOT NULL,
            expires_at  bigint NOT NULL
        );

        CREATE TABLE outbox (
            id              text   PRIMARY KEY,
            alert_key       text   NOT NULL,
            recipient       text   NOT NULL,
            message_kind    text   NOT NULL,
            channel         text   NOT NULL,
            subject         text   NOT NULL,
            body_text       text   NOT NULL,
            body_html       text   NULL,
            status          text   NOT NULL,
            attempts        bigint NOT NULL,
            next_attempt_at bigint NOT NULL,
            claimed_by      text   NULL,
            claimed_until   bigint NULL,
            last_error      text   NULL,
            created_at      bigint NOT NULL,
            sent_at         bigint NULL
        );
        CREATE UNIQUE INDEX ix_outbox_message ON outbox (alert_key, recipient, message_kind);
        CREATE INDEX ix_outbox_due ON outbox (status, next_attempt_at);
        """;

    /// <summary>
    /// People's e-mail addresses (alert mail), and the collector's current table of alerts: one row per
    /// alert key, written with each alert event, so actions and recipients need not read the log.
    /// </summary>
    public const string Version7 = """
        ALTER TABLE people ADD COLUMN email text NULL;
        CREATE TABLE alerts (
            key             text   PRIMARY KEY,
            rule_id         text   NOT NULL,
            cause           text   NOT NULL,
            units           text   NOT NULL,
            severity        text   NOT NULL,
            text            text   NOT NULL,
            text_en         text   NOT NULL,
            state           text   NOT NULL,
            onset           bigint NOT NULL,
            fired_at        bigint NOT NULL,
            acknowledged_at bigint NULL,
            acknowledged_by text   NULL,
            assignee        text   NULL,
            resolved_at     bigint NULL,
            resolved_by     text   NULL
        );
        CREATE INDEX ix_alerts_state ON alerts (state);
        """;
}
