// Namespace kept while a linking project still names it in a using (Aggregator.Tests); the other shared helpers are in OpsCenter.Tests.
namespace OpsCenter.Storage.Tests;

/// <summary>The PostgreSQL server the tests run against. Its absence fails the tests, never skips them.</summary>
internal static class TestPostgres
{
    public const string Variable = "OPSCENTER_TEST_POSTGRES";

    public static string ServerConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set, so the PostgreSQL store tests cannot run. Run them with `bash tests/run-tests.sh`, "
                + "which starts a throwaway PostgreSQL cluster (installing the Debian package `postgresql` when run as root), "
                + $"or set {Variable} to an Npgsql connection string for a server where the user may CREATE DATABASE, e.g. "
                + $"{Variable}=\"Host=127.0.0.1;Port=5432;Username=postgres;Password=...;Database=postgres\".");
        }
        return value;
    }
}
