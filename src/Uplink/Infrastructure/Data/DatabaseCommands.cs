using Uplink.Infrastructure.Data.Transfer;

namespace Uplink.Infrastructure.Data;

internal static class DatabaseCommands
{
    /// <summary>
    /// <c>dotnet Uplink.dll migrate</c>: waits for the database, applies pending migrations and
    /// exits 0 (a release step before instances with <c>Database:MigrateAtStart=false</c> start).
    /// <c>export FILE</c> / <c>import FILE</c>: the whole database to a file and back, to move
    /// from SQLite to PostgreSQL (docs/DEPLOY.md). Without a command, runs the service.
    /// </summary>
    public static async Task<int> RunOrMigrateAsync(this WebApplication app, string[] args)
    {
        var logger = app.Services.GetRequiredService<ILogger<DatabaseMigrator>>();
        switch (args)
        {
            case ["migrate", ..]:
                return await RunAsync(app, "migrate", async (_, ct) =>
                {
                    var applied = await MigrateAsync(app, ct);
                    logger.LogInformation("migrate: {Count} migration(s) applied; the database is up to date", applied);
                });
            case ["export", var file]:
                return await RunAsync(app, "export", async (services, ct) =>
                {
                    await app.Services.GetRequiredService<DatabaseMigrator>().WaitForDatabaseAsync(ct);
                    var counts = await ActivatorUtilities.CreateInstance<DatabaseExport>(services).ExportAsync(file, ct);
                    logger.LogInformation("export: {Rows} row(s) of {Tables} table(s) written to {File}", counts.Values.Sum(), counts.Count, file);
                });
            case ["import", var file]:
                return await RunAsync(app, "import", async (services, ct) =>
                {
                    // The schema first, so that `import` alone is enough on a new database.
                    await MigrateAsync(app, ct);
                    var counts = await ActivatorUtilities.CreateInstance<DatabaseImport>(services).ImportAsync(file, ct);
                    logger.LogInformation("import: {Rows} row(s) of {Tables} table(s) read from {File}", counts.Values.Sum(), counts.Count, file);
                });
            case ["export" or "import", ..]:
                logger.LogCritical("Usage: dotnet Uplink.dll {Command} FILE", args[0]);
                return 2;
            default:
                await app.RunAsync();
                return 0;
        }
    }

    private static async Task<int> MigrateAsync(WebApplication app, CancellationToken ct)
    {
        var migrator = app.Services.GetRequiredService<DatabaseMigrator>();
        await migrator.WaitForDatabaseAsync(ct);
        return await migrator.MigrateAsync(ct);
    }

    private static async Task<int> RunAsync(WebApplication app, string name, Func<IServiceProvider, CancellationToken, Task> command)
    {
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            await command(scope.ServiceProvider, CancellationToken.None);
            return 0;
        }
        catch (Exception ex)
        {
            app.Services.GetRequiredService<ILogger<DatabaseMigrator>>().LogCritical(ex, "{Command} failed", name);
            return 1;
        }
    }
}
