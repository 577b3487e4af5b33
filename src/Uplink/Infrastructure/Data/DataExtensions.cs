using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Uplink.Infrastructure.Leases;

namespace Uplink.Infrastructure.Data;

internal static class DataExtensions
{
    public static IServiceCollection AddUplinkData(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .ValidateDataAnnotations()
            .Configure<IConfiguration>((o, configuration) => o.ConnectionString = configuration.GetConnectionString("Database"))
            .Validate(o => o.Provider != DatabaseProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Database:Provider=Postgres needs ConnectionStrings:Database.")
            .Validate(o => IsConnectionString(o.Provider, o.ConnectionString),
                "ConnectionStrings:Database is not a connection string for the Database:Provider (an unknown keyword or value).")
            .ValidateOnStart();
        services.AddSingleton<DataDirectory>();

        // Both providers are registered; the options decide per scope which one UplinkDbContext is.
        // Deciding here, from IConfiguration, would miss settings that hosts add after registration.
        // Pooled: options are built once and contexts reused, so a request answered from the cache
        // pays almost nothing for the context its services were given (profiled: building options
        // per request cost more than validating the JWT).
        services.AddDbContextPool<PostgresUplinkDbContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString)
            .UseSnakeCaseNamingConvention());
        services.AddDbContextPool<SqliteUplinkDbContext>((sp, options) => options
            .UseSqlite(SqliteConnectionString(sp))
            .AddInterceptors(new SqliteTuning(), new SqliteWriteGate())
            .UseSnakeCaseNamingConvention());
        services.AddScoped<UplinkDbContext>(sp =>
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.Postgres
                ? sp.GetRequiredService<PostgresUplinkDbContext>()
                : sp.GetRequiredService<SqliteUplinkDbContext>());

        services.AddSingleton<DatabaseMigrator>();
        // First of all hosted services, not merely before the app's own: Data Protection's (added
        // by Razor Pages) reads the key ring from the database at start, and must find its table.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<DatabaseMigrator>()));
        services.AddUplinkLeases();

        // Keys in the database, under one application name: a form rendered by one instance is
        // accepted by another, and keys survive a container's replacement.
        services.AddDataProtection()
            .SetApplicationName("Uplink")
            .PersistKeysToDbContext<UplinkDbContext>();
        services.AddHealthChecks().AddDbContextCheck<UplinkDbContext>("database", tags: ["ready"]);
        return services;
    }

    /// <summary>The providers read the string when the first context connects; this reads it at start.</summary>
    private static bool IsConnectionString(DatabaseProvider provider, string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return true;
        }

        try
        {
            _ = provider == DatabaseProvider.Postgres
                ? new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Host
                : new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            return false;
        }
    }

    private static string SqliteConnectionString(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var file = services.GetRequiredService<DataDirectory>().PathOf("uplink.db");
        return $"Data Source={file}";
    }
}

/// <summary>The resolved storage directory, created on first use.</summary>
internal sealed class DataDirectory(IOptions<StorageOptions> options, IHostEnvironment environment)
{
    public string Root { get; } = Path.GetFullPath(options.Value.Directory, environment.ContentRootPath);

    public string PathOf(params string[] parts)
    {
        var path = Path.Combine([Root, .. parts]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
