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

/// <summary>A redemption's outcome; when redeemed, whose the code was and whether they were never active before.</summary>
internal sealed record Redemption(RedeemOutcome Outcome, long MemberId = 0, bool FirstActivity = false);

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
    /// <summary>A new code for the member with this id.</summary>
    public async Task<IssuedCode> IssueAsync(long memberId, CancellationToken ct) =>
        await IssueAsync("id", memberId, ct) ?? throw new InvalidOperationException($"No member {memberId}.");

    /// <summary>A new code for the member with this Telegram user id; null when there is none.</summary>
    public Task<IssuedCode?> IssueForTelegramUserAsync(long telegramUserId, CancellationToken ct) =>
        IssueAsync("telegram_user_id", telegramUserId, ct);

    private async Task<IssuedCode?> IssueAsync(string memberKey, long member, CancellationToken ct)
    {
        var code = AccessCode.New();
        var now = time.GetUtcNow();
        var expires = now + options.Value.AccessCodeTtl;
        // One round trip: the member, the bound on their live codes, the new code.
        var issued = await db.WriteAsync(AccessCodeSql.Issue(db.Database.IsNpgsql(), memberKey),
            [
                new("@member", member),
                new("@keep", options.Value.MaxLiveCodesPerMember - 1),
                new("@hash", AccessCode.Hash(code)),
                new("@created", db.ProviderValue<AuthCode>(nameof(AuthCode.CreatedAt), now)),
                new("@expires", db.ProviderValue<AuthCode>(nameof(AuthCode.ExpiresAt), expires)),
            ],
            _ => new IssuedCode(code, expires), atomic: false, ct);
        if (issued is not null)
        {
            metrics.AccessCode("issued");
        }

        return issued;
    }

    /// <summary>
    /// Spends the code and, only if this redemption won, opens <paramref name="session"/> for its
    /// member (whose id it fills in), in one round trip.
    /// </summary>
    public async Task<Redemption> RedeemAsync(string? input, WebSession session, CancellationToken ct)
    {
        var redemption = await DecideAsync(input, session, ct);
        metrics.AccessCode(redemption.Outcome.ToString().ToLowerInvariant());
        return redemption;
    }

    private async Task<Redemption> DecideAsync(string? input, WebSession session, CancellationToken ct)
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
            var postgres = db.Database.IsNpgsql();
            var now = time.GetUtcNow();
            result = await db.WriteAsync(postgres ? AccessCodeSql.RedeemPostgres : AccessCodeSql.RedeemSqlite,
                [
                    new("@hash", hash),
                    new("@now", db.ProviderValue<AuthCode>(nameof(AuthCode.ExpiresAt), now)),
                    new("@session", session.Id),
                    new("@created", db.ProviderValue<WebSession>(nameof(WebSession.CreatedAt), session.CreatedAt)),
                    new("@expires", db.ProviderValue<WebSession>(nameof(WebSession.ExpiresAt), session.ExpiresAt)),
                    new("@agent", session.UserAgent),
                    new("@address", session.Address),
                ],
                row => new Redemption(RedeemOutcome.Redeemed, row.GetInt64(0), FirstActivity: row.GetBoolean(1)),
                atomic: !postgres, ct) ?? new Redemption(RedeemOutcome.Rejected);
        }
        catch (Exception ex) when (IsDatabaseUnavailable(ex) && !ct.IsCancellationRequested)
        {
            logger.LogError(ex, "Database unavailable while redeeming an access code");
            return new Redemption(RedeemOutcome.Unavailable);
        }

        session.MemberId = result.MemberId;
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
