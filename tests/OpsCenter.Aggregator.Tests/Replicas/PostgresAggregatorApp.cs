using Microsoft.AspNetCore.Hosting;
using Npgsql;
using OpsCenter.Storage.Tests;

namespace OpsCenter.Aggregator.Tests.Replicas;

/// <summary>A fresh PostgreSQL database on the server named by OPSCENTER_TEST_POSTGRES, dropped at the end.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _server = TestPostgres.ServerConnectionString();
    private readonly string _name = $"opscenter_aggregator_{Guid.NewGuid():N}";

    private TestDatabase()
    {
    }

    public string ConnectionString => new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ConnectionString;

    public static async Task<TestDatabase> CreateAsync()
    {
        var database = new TestDatabase();
        await using var connection = new NpgsqlConnection(database._server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database._name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>One aggregator replica over a shared PostgreSQL database.</summary>
public sealed class PostgresAggregatorApp(string connectionString) : AggregatorApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Store:Provider", "postgres");
        builder.UseSetting("Store:ConnectionString", connectionString);
    }
}
