using System.ComponentModel.DataAnnotations;

namespace OpsCenter.Storage;

/// <summary>Where the store lives. The embedded default is a SQLite file under the data folder.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    public const string Sqlite = "sqlite";

    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    [Required]
    public string Provider { get; set; } = Sqlite;

    /// <summary>
    /// For SQLite, a connection string or empty to use <see cref="DataPath"/>/opscenter.db.
    /// For PostgreSQL, required: an Npgsql connection string (the database must exist; the
    /// store creates its tables).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The data folder (SQLite file). Relative paths are resolved from the working directory.</summary>
    public string DataPath { get; set; } = ".data";
}
