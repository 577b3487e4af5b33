using System.ComponentModel.DataAnnotations;

namespace Uplink.Infrastructure.Data;

internal enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The "Database" section plus <c>ConnectionStrings:Database</c>.</summary>
internal sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>From <c>ConnectionStrings:Database</c>; empty means a SQLite file in the data directory.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Whether start-up applies pending migrations; false for a release step that runs <c>migrate</c> first.</summary>
    public bool MigrateAtStart { get; set; } = true;

    /// <summary>How long start-up waits for an unreachable database before giving up.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>The "Storage" section: where Uplink keeps its files (SQLite database, cached photos, keys).</summary>
internal sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Relative paths are resolved against the content root.</summary>
    [Required]
    public string Directory { get; set; } = "data";
}
