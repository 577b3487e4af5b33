using Uplink.Infrastructure.Leases;

namespace Uplink.Features.Auth;

/// <summary>
/// Deletes expired access codes, web sessions and login requests every few minutes, so the tables stay
/// small; with several instances, one of them per interval (claimed in the database).
/// </summary>
internal sealed class AccessCodePurger(IServiceScopeFactory scopes, TimeProvider time, Leases leases, ILogger<AccessCodePurger> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!await leases.TryClaimOrSkipAsync("job.purge-expired-codes", Interval, logger, stoppingToken))
            {
                continue;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var codes = await scope.ServiceProvider.GetRequiredService<AccessCodeStore>().PurgeExpiredAsync(stoppingToken);
                var sessions = await scope.ServiceProvider.GetRequiredService<WebSessions>().PurgeExpiredAsync(stoppingToken);
                var requests = await scope.ServiceProvider.GetRequiredService<LoginRequests>().PurgeExpiredAsync(stoppingToken);
                if (codes + sessions + requests > 0)
                {
                    logger.LogInformation("Purged {Codes} expired access code(s), {Sessions} web session(s) and {Requests} login request(s)",
                        codes, sessions, requests);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Purging expired access codes failed; trying again in {Interval}", Interval);
            }
        }
    }
}
