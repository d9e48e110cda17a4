using Microsoft.AspNetCore.Hosting;
using Npgsql;
using OpsCenter.Storage.Tests;

namespace OpsCenter.Collector.Tests;

/// <summary>The same collector over PostgreSQL: a fresh database on the server named by OPSCENTER_TEST_POSTGRES.</summary>
public class PostgresCollectorApp : CollectorApp
{
    private readonly string _database = $"opscenter_collector_{Guid.NewGuid():N}";
    private readonly string _server = TestPostgres.ServerConnectionString();

    public PostgresCollectorApp()
    {
        using var connection = new NpgsqlConnection(_server);
        connection.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
        create.ExecuteNonQuery();
    }

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Store:Provider", "postgres");
        builder.UseSetting("Store:ConnectionString", new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
