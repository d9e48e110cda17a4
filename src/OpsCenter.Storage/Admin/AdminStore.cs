using System.Text.Json;

namespace OpsCenter.Storage.Admin;

/// <summary>
/// Configuration other than sources (groups, units' own systems, maintenance windows, settings),
/// the audit log, and what each source sent or had refused. Portable SQL over either engine;
/// every change is audited in its own transaction.
/// </summary>
public sealed class AdminStore(IStoreConnections store, TimeProvider time)
{
    /// <summary>Rejections kept per source; older ones are dropped as new ones arrive.</summary>
    public const int RejectionsKept = 100;

    public async Task<IReadOnlyList<GroupRecord>> ListGroupsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return await connection.QueryAsync("SELECT id, name, name_en, units FROM unit_groups ORDER BY id",
            r => new GroupRecord(r.GetString(0), r.GetString(1), r.GetString(2), JsonSerializer.Deserialize<string[]>(r.GetString(3)) ?? []),
            cancellationToken);
    }

    public Task SaveGroupAsync(GroupRecord group, string actor, CancellationToken cancellationToken) => ChangeAsync(actor, "group.saved", group.Id, group,
        "INSERT INTO unit_groups (id, name, name_en, units) VALUES (@id, @name, @en, @units) ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, units = excluded.units",
        cancellationToken, ("@id", group.Id), ("@name", group.Name), ("@en", group.NameEn), ("@units", JsonSerializer.Serialize(group.Units)));

    public Task<bool> DeleteGroupAsync(string id, string actor, CancellationToken cancellationToken) => DeleteAsync(actor, "group.deleted", id,
        "DELETE FROM unit_groups WHERE id = @id", cancellationToken, ("@id", id));

    public async Task<IReadOnlyList<UnitSystemRecord>> ListUnitSystemsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return await connection.QueryAsync("SELECT unit, system, name, name_en FROM unit_systems ORDER BY unit, system",
            r => new UnitSystemRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)), cancellationToken);
    }

    public Task SaveUnitSystemAsync(UnitSystemRecord system, string actor, CancellationToken cancellationToken) => ChangeAsync(actor, "unit-system.saved", $"{system.Unit}/{system.System}", system,
        "INSERT INTO unit_systems (unit, system, name, name_en) VALUES (@unit, @system, @name, @en) ON CONFLICT (unit, system) DO UPDATE SET name = excluded.name, name_en = excluded.name_en",
        cancellationToken, ("@unit", system.Unit), ("@system", system.System), ("@name", system.Name), ("@en", system.NameEn));

    public Task<bool> DeleteUnitSystemAsync(string unit, string system, string actor, CancellationToken cancellationToken) => DeleteAsync(actor, "unit-system.deleted", $"{unit}/{system}",
        "DELETE FROM unit_systems WHERE unit = @unit AND system = @system", cancellationToken, ("@unit", unit), ("@system", system));

    public async Task<IReadOnlyList<MaintenanceWindow>> ListMaintenanceAsync(DateTimeOffset endingAfter, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return await connection.QueryAsync(
            "SELECT id, unit, system, starts_at, ends_at, reason, created_by FROM maintenance_windows WHERE ends_at > @after ORDER BY starts_at",
            r => new MaintenanceWindow(r.GetString(0), r.GetString(1), r.NullableString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)),
                r.GetString(5), r.GetString(6)),
            cancellationToken, ("@after", endingAfter.ToUnixTimeMilliseconds()));
    }

    public Task SaveMaintenanceAsync(MaintenanceWindow window, CancellationToken cancellationToken) => ChangeAsync(window.CreatedBy, "maintenance.saved", window.Id, window,
        """
        INSERT INTO maintenance_windows (id, unit, system, starts_at, ends_at, reason, created_by) VALUES (@id, @unit, @system, @starts, @ends, @reason, @by)
        ON CONFLICT (id) DO UPDATE SET unit = excluded.unit, system = excluded.system, starts_at = excluded.starts_at,
            ends_at = excluded.ends_at, reason = excluded.reason
        """,
        cancellationToken, ("@id", window.Id), ("@unit", window.Unit), ("@system", window.System),
        ("@starts", window.StartsAt.ToUnixTimeMilliseconds()), ("@ends", window.EndsAt.ToUnixTimeMilliseconds()),
        ("@reason", window.Reason), ("@by", window.CreatedBy));

    public Task<bool> DeleteMaintenanceAsync(string id, string actor, CancellationToken cancellationToken) => DeleteAsync(actor, "maintenance.deleted", id,
        "DELETE FROM maintenance_windows WHERE id = @id", cancellationToken, ("@id", id));

    public async Task<string?> GetSettingAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return (await connection.QueryAsync("SELECT value FROM settings WHERE key = @key", r => r.GetString(0), cancellationToken, ("@key", key))).FirstOrDefault();
    }

    public Task SaveSettingAsync(string key, string json, string actor, CancellationToken cancellationToken) =>
        SaveSettingAsync(key, json, actor, "setting.saved", JsonDocument.Parse(json).RootElement, cancellationToken);

    /// <summary>
    /// Saves a setting and its audit entry in one transaction, the entry with <paramref name="details"/>
    /// in place of the value (a value holding secrets, even encrypted, stays out of the audit log).
    /// </summary>
    public Task SaveSettingAsync(string key, string json, string actor, string action, object details, CancellationToken cancellationToken) =>
        ChangeAsync(actor, action, key, details,
            "INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            cancellationToken, ("@key", key), ("@value", json));

    /// <summary>Records an administrator's action that changes nothing in this store (e.g. an instruction written to the log).</summary>
    public async Task AuditAsync(string actor, string action, string target, object? details, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Audit.WriteAsync(connection, transaction, time, actor, action, target, details, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int limit, string? target, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        var where = target is null ? "" : "WHERE target = @target";
        return await connection.QueryAsync(
            $"SELECT id, at, actor, action, target, details FROM audit_log {where} ORDER BY at DESC, id DESC LIMIT @limit",
            r => new AuditEntry(r.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), r.GetString(2), r.GetString(3), r.GetString(4), r.NullableString(5)),
            cancellationToken, ("@target", target ?? ""), ("@limit", limit));
    }

    public async Task RecordRejectionAsync(string source, string kind, int status, string title, string? errors, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(transaction,
            "INSERT INTO ingest_rejections (id, source, at, kind, status, title, errors) VALUES (@id, @source, @at, @kind, @status, @title, @errors)",
            cancellationToken, ("@id", SortableId.New(time)), ("@source", source), ("@at", now), ("@kind", kind),
            ("@status", (long)status), ("@title", title), ("@errors", errors));
        await connection.ExecuteAsync(transaction,
            """
            DELETE FROM ingest_rejections WHERE source = @source AND id NOT IN
                (SELECT id FROM ingest_rejections WHERE source = @source ORDER BY at DESC, id DESC LIMIT @keep)
            """,
            cancellationToken, ("@source", source), ("@keep", (long)RejectionsKept));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Rejection>> ListRejectionsAsync(string source, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return await connection.QueryAsync(
            "SELECT at, kind, status, title, errors FROM ingest_rejections WHERE source = @source ORDER BY at DESC, id DESC LIMIT @limit",
            r => new Rejection(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), r.GetString(1), (int)r.GetInt64(2), r.GetString(3), r.NullableString(4)),
            cancellationToken, ("@source", source), ("@limit", limit));
    }

    /// <summary>Per kind: how many items a source sent that are still in the log, when the last arrived, and that last item.</summary>
    public async Task<IReadOnlyList<KindArrivals>> ListArrivalsAsync(string source, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        var kinds = await connection.QueryAsync(
            "SELECT kind, COUNT(*), MAX(position) FROM events WHERE source = @source GROUP BY kind ORDER BY kind",
            r => (Kind: r.GetString(0), Count: r.GetInt64(1), Last: r.GetInt64(2)), cancellationToken, ("@source", source));
        var arrivals = new List<KindArrivals>(kinds.Count);
        foreach (var (kind, count, last) in kinds)
        {
            var item = (await connection.QueryAsync("SELECT received_at, payload FROM events WHERE position = @position",
                r => (At: r.GetInt64(0), Payload: r.GetString(1)), cancellationToken, ("@position", last))).Single();
            arrivals.Add(new KindArrivals(kind, count, DateTimeOffset.FromUnixTimeMilliseconds(item.At), item.Payload));
        }
        return arrivals;
    }

    // An upsert always touches its row, so it is always audited; a delete only when something went.
    private Task<bool> ChangeAsync(string actor, string action, string target, object details, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters) =>
        Audit.ChangeAsync(store, time, actor, action, target, details, sql, cancellationToken, parameters);

    private Task<bool> DeleteAsync(string actor, string action, string target, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters) =>
        Audit.ChangeAsync(store, time, actor, action, target, null, sql, cancellationToken, parameters);
}
