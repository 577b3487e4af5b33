using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Uplink.Infrastructure.Auth;
using Uplink.Infrastructure.Caching;
using Uplink.Infrastructure.Data;

namespace Uplink.Features.Auth;

/// <summary>Opens, checks and ends the web sessions that JWTs belong to.</summary>
internal sealed class WebSessions(
    UplinkDbContext db, LocalCache cache, CacheInvalidator invalidator, IOptions<AuthOptions> options, TimeProvider time)
    : ISessionValidator
{
    /// <summary>A session starting now, not stored yet: a code login stores it with the redemption.</summary>
    public WebSession New(long memberId, string? userAgent, string? address)
    {
        var now = time.GetUtcNow();
        return new WebSession
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(WebSession.IdLength / 2)),
            MemberId = memberId,
            CreatedAt = now,
            ExpiresAt = now + options.Value.TokenLifetime,
            UserAgent = TextLimits.Clip(userAgent, 512),
            Address = TextLimits.Clip(address, 64),
        };
    }

    public async Task<WebSession> OpenAsync(long memberId, string? userAgent, string? address, CancellationToken ct)
    {
        var session = New(memberId, userAgent, address);
        db.WebSessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session;
    }

    /// <summary>Runs on every authenticated request, so open sessions are cached; ending one invalidates it.</summary>
    public async ValueTask<bool> IsActiveAsync(string sessionId, long memberId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var key = Key(sessionId);
        if (cache.TryGet<OpenSession>(key, out var open))
        {
            return open.MemberId == memberId && open.ExpiresAt > now;
        }

        var epoch = cache.Epoch;
        var expires = await db.WebSessions
            .Where(s => s.Id == sessionId && s.MemberId == memberId && s.EndedAt == null && s.ExpiresAt > now)
            .Select(s => (DateTimeOffset?)s.ExpiresAt)
            .FirstOrDefaultAsync(ct);
        if (expires is { } until)
        {
            cache.Set(key, new OpenSession(memberId, until), epoch);
        }

        return expires is not null;
    }

    /// <summary>Ends one session of the member; false when there is no such open session.</summary>
    public async Task<bool> EndAsync(long memberId, string sessionId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var ended = await db.WebSessions
            .Where(s => s.Id == sessionId && s.MemberId == memberId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct) == 1;
        await invalidator.InvalidateAsync(Key(sessionId));
        return ended;
    }

    /// <summary>Ends every session the member has open: each token issued before now stops working.</summary>
    public async Task<int> EndAllAsync(long memberId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var open = db.WebSessions.Where(s => s.MemberId == memberId && s.EndedAt == null && s.ExpiresAt > now);
        var ids = await open.Select(s => s.Id).ToListAsync(ct);
        var ended = await open.ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct);
        // Sessions opened between the two statements stay open: they began after "now".
        await invalidator.InvalidateAsync([.. ids.Select(Key)]);
        return ended;
    }

    private static string Key(string sessionId) => $"session:{sessionId}";

    private sealed record OpenSession(long MemberId, DateTimeOffset ExpiresAt);

    public Task<int> PurgeExpiredAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return db.WebSessions.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(ct);
    }
}
