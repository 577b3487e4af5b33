namespace Uplink.Infrastructure.Data;

internal static class DatabaseCommands
{
    /// <summary>
    /// <c>dotnet Uplink.dll migrate</c>: waits for the database, applies pending migrations and
    /// exits 0 (a release step before instances with <c>Database:MigrateAtStart=false</c> start);
    /// without a command, runs the service.
    /// </summary>
    public static async Task<int> RunOrMigrateAsync(this WebApplication app, string[] args)
    {
        if (args is not ["migrate", ..])
        {
            await app.RunAsync();
            return 0;
        }

        var migrator = app.Services.GetRequiredService<DatabaseMigrator>();
        var logger = app.Services.GetRequiredService<ILogger<DatabaseMigrator>>();
        try
        {
            await migrator.WaitForDatabaseAsync(CancellationToken.None);
            var applied = await migrator.MigrateAsync(CancellationToken.None);
            logger.LogInformation("migrate: {Count} migration(s) applied; the database is up to date", applied);
            return 0;
        }
        catch (Exception ex)
        {
            logger.LogCritical(ex, "migrate failed");
            return 1;
        }
    }
}
