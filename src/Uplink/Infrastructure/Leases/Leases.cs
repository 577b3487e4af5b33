using Microsoft.EntityFrameworkCore;
using Uplink.Infrastructure.Data;

namespace Uplink.Infrastructure.Leases;

/// <summary>
/// Takes, renews and gives back named leases, each in one statement so that two instances racing
/// for one cannot both win. Times are this instance's clock: instances sharing a database are
/// expected to keep their clocks in step (NTP), as they already must for tokens.
/// </summary>
internal sealed class Leases(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>This instance, as written in the leases it holds (host, process and a random part).</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Takes the lease for <paramref name="duration"/>, or renews it if this instance holds it.</summary>
    public Task<bool> TryAcquireAsync(string name, TimeSpan duration, CancellationToken ct) =>
        UpsertAsync(name, duration, renewOwn: true, ct);

    /// <summary>
    /// Claims the lease for one run of a periodic job: true for exactly one instance per
    /// <paramref name="period"/>, this one included (a claim is never renewed, only taken once expired).
    /// </summary>
    public Task<bool> TryClaimAsync(string name, TimeSpan period, CancellationToken ct) =>
        // A little under the period: the claiming instance's own next tick, a few ms early, still finds it expired.
        UpsertAsync(name, period * 0.9, renewOwn: false, ct);

    /// <summary>Ends the lease now if this instance holds it, so another takes over without waiting for expiry.</summary>
    public async Task ReleaseAsync(string name, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UplinkDbContext>();
        var now = db.ProviderValue<Lease>(nameof(Lease.ExpiresAt), time.GetUtcNow());
        await db.Database.ExecuteSqlAsync($"UPDATE leases SET expires_at = {now} WHERE name = {name} AND holder = {Holder}", ct);
    }

    private async Task<bool> UpsertAsync(string name, TimeSpan duration, bool renewOwn, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UplinkDbContext>();
        var nowTime = time.GetUtcNow();
        var now = db.ProviderValue<Lease>(nameof(Lease.ExpiresAt), nowTime);
        var expires = db.ProviderValue<Lease>(nameof(Lease.ExpiresAt), nowTime + duration);
        // SQLite and PostgreSQL share this upsert; the WHERE turns "someone else holds it" into 0 rows.
        var changed = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO leases (name, holder, expires_at) VALUES ({name}, {Holder}, {expires})
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE leases.expires_at <= {now} OR ({renewOwn} AND leases.holder = excluded.holder)
            """, ct);
        return changed == 1;
    }
}

internal static class LeaseClaims
{
    /// <summary>
    /// Claims this run of periodic job <paramref name="job"/>; false when another instance has it.
    /// A database that cannot be asked means no run: the job would need that database anyway.
    /// </summary>
    public static async Task<bool> TryClaimOrSkipAsync(this Leases leases, string job, TimeSpan period, ILogger logger, CancellationToken ct)
    {
        try
        {
            if (await leases.TryClaimAsync(job, period, ct))
            {
                return true;
            }

            logger.LogDebug("Job {Job}: another instance runs it this interval", job);
            return false;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Job {Job}: could not claim this run; skipped", job);
            return false;
        }
    }
}
