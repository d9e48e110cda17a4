using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Yarp.ReverseProxy.Configuration;

namespace OpsCenter.Benchmarks;

/// <summary>
/// The ceilings: the same batch JSON parsed into simple records and inserted in one transaction per
/// batch into the same table, with no auth, validation or idempotency; and a bare YARP proxy.
/// </summary>
internal static class BareServer
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args is not [var port, var engine, var target])
        {
            throw new ArgumentException("bare-server <port> <sqlite|postgres> <sqlite file or Npgsql connection string>");
        }
        var app = CreateBuilder(port).Build();
        await using IBareStore store = engine == "postgres" ? await PostgresBareStore.CreateAsync(target) : SqliteBareStore.Create(target);
        app.MapGet("/health", () => "ok");
        var ingest = app.MapGroup("/api/ingest/v1");
        Map<BareHealth>(ingest, "health", store);
        Map<BareDossier>(ingest, "dossiers", store);
        Map<BareBacklog>(ingest, "backlog", store);
        Map<BareIndexScore>(ingest, "index-scores", store);
        Map<BareIncident>(ingest, "incidents", store);
        await app.RunAsync();
        return 0;
    }

    public static async Task<int> RunProxyAsync(int port, string target)
    {
        var builder = CreateBuilder(port.ToString(CultureInfo.InvariantCulture));
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "all", ClusterId = "bare", Match = new RouteMatch { Path = "{**rest}" } }],
            [new ClusterConfig { ClusterId = "bare", Destinations = new Dictionary<string, DestinationConfig> { ["d1"] = new() { Address = target } } }]);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.RunAsync();
        return 0;
    }

    private static WebApplicationBuilder CreateBuilder(string port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder;
    }

    private static void Map<T>(RouteGroupBuilder group, string path, IBareStore store) where T : IBareItem =>
        group.MapPost(path, async (HttpRequest request) =>
        {
            var batch = await JsonSerializer.DeserializeAsync<BareBatch<T>>(request.Body, Json, request.HttpContext.RequestAborted);
            if (batch?.Items is not { Count: > 0 } items)
            {
                return Results.BadRequest();
            }
            var rows = items.Select(i => new BareRow(i.Kind, i.Unit, i.OccurredAt.ToUnixTimeMilliseconds(), JsonSerializer.Serialize(i, Json))).ToList();
            await store.InsertAsync(rows);
            return Results.Ok(new { accepted = rows.Count });
        });
}

internal sealed record BareRow(string Kind, string Unit, long OccurredAt, string Payload);

internal interface IBareStore : IAsyncDisposable
{
    Task InsertAsync(IReadOnlyList<BareRow> rows);
}

/// <summary>One open connection and one prepared insert, one writer at a time (SQLite has one anyway).</summary>
internal sealed class SqliteBareStore : IBareStore
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;

    private SqliteBareStore(SqliteConnection connection, SqliteCommand insert)
    {
        _connection = connection;
        _insert = insert;
    }

    public static SqliteBareStore Create(string file)
    {
        var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using (var schema = connection.CreateCommand())
        {
            schema.CommandText = """
                PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
                CREATE TABLE IF NOT EXISTS events (
                    position INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, unit TEXT NOT NULL, source TEXT NOT NULL,
                    occurred_at INTEGER NOT NULL, received_at INTEGER NOT NULL, payload TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS ix_events_unit_kind_time ON events (unit, kind, occurred_at);
                """;
            schema.ExecuteNonQuery();
        }
        var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO events (kind, unit, source, occurred_at, received_at, payload) VALUES ($k, $u, 'bench', $o, $r, $p)";
        foreach (var name in new[] { "$k", "$u", "$o", "$r", "$p" })
        {
            insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        insert.Prepare();
        return new SqliteBareStore(connection, insert);
    }

    public async Task InsertAsync(IReadOnlyList<BareRow> rows)
    {
        await _writer.WaitAsync();
        try
        {
            using var transaction = _connection.BeginTransaction();
            _insert.Transaction = transaction;
            var received = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            foreach (var row in rows)
            {
                _insert.Parameters[0].Value = row.Kind;
                _insert.Parameters[1].Value = row.Unit;
                _insert.Parameters[2].Value = row.OccurredAt;
                _insert.Parameters[3].Value = received;
                _insert.Parameters[4].Value = row.Payload;
                _insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        finally
        {
            _writer.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _insert.DisposeAsync();
        await _connection.DisposeAsync();
        _writer.Dispose();
    }
}

/// <summary>A binary COPY per batch in its own transaction; concurrent writers, no lock.</summary>
internal sealed class PostgresBareStore(NpgsqlDataSource dataSource) : IBareStore
{
    public static async Task<PostgresBareStore> CreateAsync(string connectionString)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var schema = dataSource.CreateCommand("""
            CREATE TABLE IF NOT EXISTS events (
                position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, kind text NOT NULL, unit text NOT NULL, source text NOT NULL,
                occurred_at bigint NOT NULL, received_at bigint NOT NULL, payload text NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_events_unit_kind_time ON events (unit, kind, occurred_at);
            """);
        await schema.ExecuteNonQueryAsync();
        return new PostgresBareStore(dataSource);
    }

    public async Task InsertAsync(IReadOnlyList<BareRow> rows)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var received = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY events (kind, unit, source, occurred_at, received_at, payload) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(row.Kind, NpgsqlDbType.Text);
                await copy.WriteAsync(row.Unit, NpgsqlDbType.Text);
                await copy.WriteAsync("bench", NpgsqlDbType.Text);
                await copy.WriteAsync(row.OccurredAt, NpgsqlDbType.Bigint);
                await copy.WriteAsync(received, NpgsqlDbType.Bigint);
                await copy.WriteAsync(row.Payload, NpgsqlDbType.Text);
            }
            await copy.CompleteAsync();
        }
        await transaction.CommitAsync();
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
