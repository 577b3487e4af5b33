using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace Uplink.Infrastructure.Data;

/// <summary>
/// Waits for the database, then applies pending migrations (unless <c>Database:MigrateAtStart</c>
/// is off) before anything else starts: hosted services start in registration order and before
/// the server listens, so the bot and the site never see an old schema. <c>migrate</c> runs the same.
/// </summary>
internal sealed class DatabaseMigrator(
    IServiceScopeFactory scopes, IOptions<DatabaseOptions> options, TimeProvider time, ILogger<DatabaseMigrator> logger) : IHostedService
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(15);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await WaitForDatabaseAsync(cancellationToken);
        if (options.Value.MigrateAtStart)
        {
            await MigrateAsync(cancellationToken);
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var pending = (await scope.ServiceProvider.GetRequiredService<UplinkDbContext>().Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            // An old schema would fail in odd places later; the release step forgot `migrate`.
            throw new InvalidOperationException(
                $"The database lacks {pending.Count} migration(s) ({string.Join(", ", pending)}) and Database:MigrateAtStart is false: " +
                "run `dotnet Uplink.dll migrate` first.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Applies pending migrations; returns how many.</summary>
    public async Task<int> MigrateAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UplinkDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} database migration(s): {Migrations}", pending.Count, pending);
            await db.Database.MigrateAsync(ct);
        }

        return pending.Count;
    }

    /// <summary>
    /// A database that starts after the service (a compose file, a host rebooting) is waited for,
    /// with a line per attempt, instead of crashing into a restart loop; at most <c>Database:StartupTimeout</c>.
    /// </summary>
    public async Task WaitForDatabaseAsync(CancellationToken ct)
    {
        var timeout = options.Value.StartupTimeout;
        var start = time.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<UplinkDbContext>();
                try
                {
                    // Reaching the server is what counts: a database not yet created is created by the migrations.
                    await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct);
                    if (attempt > 1)
                    {
                        logger.LogInformation("The database answers (attempt {Attempt})", attempt);
                    }

                    return;
                }
                catch (Exception ex) when (ex is DbException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
                {
                    var waited = time.GetUtcNow() - start;
                    var delay = TimeSpan.FromTicks(Math.Min(FirstDelay.Ticks << Math.Min(attempt - 1, 10), MaxDelay.Ticks));
                    if (waited + delay > timeout)
                    {
                        logger.LogCritical(ex, "The database is still unreachable after {Waited} (Database:StartupTimeout = {Timeout}): giving up",
                            waited, timeout);
                        throw;
                    }

                    logger.LogWarning("The database is unreachable (attempt {Attempt}: {Error}); next attempt in {Delay}",
                        attempt, ex.Message, delay);
                    await Task.Delay(delay, time, ct);
                }
            }
        }
    }
}
