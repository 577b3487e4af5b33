using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Uplink.Infrastructure.Auth;
using Uplink.Infrastructure.Data;

namespace Uplink.Features.Auth;

/// <summary>Opens, checks and ends the web sessions that JWTs belong to.</summary>
internal sealed class WebSessions(UplinkDbContext db, IOptions<AuthOptions> options, TimeProvider time) : ISessionValidator
{
    public async Task<WebSession> OpenAsync(long memberId, string? userAgent, string? address, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var session = new WebSession
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(WebSession.IdLength / 2)),
            MemberId = memberId,
            CreatedAt = now,
            ExpiresAt = now + options.Value.TokenLifetime,
            UserAgent = Clip(userAgent, 512),
            Address = Clip(address, 64),
        };
        db.WebSessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session;
    }

    public async ValueTask<bool> IsActiveAsync(string sessionId, long memberId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return await db.WebSessions.AnyAsync(
            s => s.Id == sessionId && s.MemberId == memberId && s.EndedAt == null && s.ExpiresAt > now, ct);
    }

    /// <summary>Ends one session of the member; false when there is no such open session.</summary>
    public async Task<bool> EndAsync(long memberId, string sessionId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return await db.WebSessions
            .Where(s => s.Id == sessionId && s.MemberId == memberId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct) == 1;
    }

    /// <summary>Ends every session the member has open: each token issued before now stops working.</summary>
    public Task<int> EndAllAsync(long memberId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return db.WebSessions
            .Where(s => s.MemberId == memberId && s.EndedAt == null && s.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct);
    }

    public Task<int> PurgeExpiredAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return db.WebSessions.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(ct);
    }

    private static string? Clip(string? value, int max) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= max ? value : value[..max];
}
