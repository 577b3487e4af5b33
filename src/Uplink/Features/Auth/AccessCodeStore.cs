using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Uplink.Infrastructure.Auth;
using Uplink.Infrastructure.Caching;
using Uplink.Infrastructure.Data;
using Uplink.Infrastructure.Observability;

namespace Uplink.Features.Auth;

internal sealed record IssuedCode(string Code, DateTimeOffset ExpiresAt);

internal enum RedeemOutcome
{
    Redeemed,

    /// <summary>Unknown, used or expired: callers answer all three alike, so nobody learns which.</summary>
    Rejected,

    /// <summary>The database could not be asked; nothing was decided.</summary>
    Unavailable,
}

internal sealed record Redemption(RedeemOutcome Outcome, long MemberId = 0);

/// <summary>
/// One-time access codes. The database alone decides a redemption, in one conditional UPDATE, so a
/// code is spent exactly once whatever Redis does and however many instances race. Redis, when
/// configured, only remembers codes the database has already refused or spent ("tombstones") and
/// turns repeated attempts away without a database round trip; losing it loses nothing.
/// </summary>
internal sealed class AccessCodeStore(
    UplinkDbContext db,
    RedisConnection redis,
    UplinkMetrics metrics,
    IOptions<AuthOptions> options,
    TimeProvider time,
    ILogger<AccessCodeStore> logger)
{
    public async Task<IssuedCode> IssueAsync(long memberId, CancellationToken ct)
    {
        var code = AccessCode.New();
        var now = time.GetUtcNow();
        var expires = now + options.Value.AccessCodeTtl;
        var createdAt = db.ProviderValue<AuthCode>(nameof(AuthCode.CreatedAt), now);
        var expiresAt = db.ProviderValue<AuthCode>(nameof(AuthCode.ExpiresAt), expires);
        var keep = options.Value.MaxLiveCodesPerMember;

        // One round trip: the new code, then the bound — a flood of requests retires the oldest
        // live codes instead of growing the table.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO auth_codes (code_hash, member_id, created_at, expires_at)
            VALUES ({AccessCode.Hash(code)}, {memberId}, {createdAt}, {expiresAt});
            DELETE FROM auth_codes
            WHERE member_id = {memberId} AND used_at IS NULL AND id NOT IN (
                SELECT id FROM auth_codes WHERE member_id = {memberId} AND used_at IS NULL ORDER BY id DESC LIMIT {keep});
            """, ct);
        metrics.AccessCode("issued");
        return new IssuedCode(code, expires);
    }

    public async Task<Redemption> RedeemAsync(string? input, CancellationToken ct)
    {
        var redemption = await DecideAsync(input, ct);
        metrics.AccessCode(redemption.Outcome.ToString().ToLowerInvariant());
        return redemption;
    }

    private async Task<Redemption> DecideAsync(string? input, CancellationToken ct)
    {
        if (!AccessCode.TryNormalize(input, out var code))
        {
            return new Redemption(RedeemOutcome.Rejected);
        }

        var hash = AccessCode.Hash(code);
        var key = new RedisKey("uplink:code:spent:" + Convert.ToHexStringLower(hash));
        var cache = await redis.GetDatabaseAsync();
        if (cache is not null && await IsTombstonedAsync(cache, key))
        {
            return new Redemption(RedeemOutcome.Rejected);
        }

        Redemption result;
        try
        {
            // One conditional statement decides and names the owner; SQLite (3.35+) and PostgreSQL
            // both have RETURNING. Times go in as the column stores them (SQLite: a binary integer).
            var now = db.ProviderValue<AuthCode>(nameof(AuthCode.ExpiresAt), time.GetUtcNow());
            var owners = await db.Database.SqlQuery<long>($"""
                UPDATE auth_codes SET used_at = {now}
                WHERE code_hash = {hash} AND used_at IS NULL AND expires_at > {now}
                RETURNING member_id AS "Value"
                """).ToListAsync(ct);
            result = owners is [var owner]
                ? new Redemption(RedeemOutcome.Redeemed, owner)
                : new Redemption(RedeemOutcome.Rejected);
        }
        catch (Exception ex) when (IsDatabaseUnavailable(ex) && !ct.IsCancellationRequested)
        {
            logger.LogError(ex, "Database unavailable while redeeming an access code");
            return new Redemption(RedeemOutcome.Unavailable);
        }

        // Whatever the outcome, this code can never succeed again: remember that in Redis.
        cache?.StringSet(key, 1, options.Value.AccessCodeTtl, flags: CommandFlags.FireAndForget);
        return result;
    }

    /// <summary>Deletes codes past their expiry, used or not.</summary>
    public Task<int> PurgeExpiredAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return db.AuthCodes.Where(c => c.ExpiresAt <= now).ExecuteDeleteAsync(ct);
    }

    private async Task<bool> IsTombstonedAsync(IDatabase cache, RedisKey key)
    {
        try
        {
            return await cache.KeyExistsAsync(key);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Redis did not answer ({Error}); asking the database", ex.GetType().Name);
            return false;
        }
    }

    private static bool IsDatabaseUnavailable(Exception ex) =>
        ex is DbException or TimeoutException ||
        (ex is InvalidOperationException && ex.InnerException is DbException or TimeoutException);
}
