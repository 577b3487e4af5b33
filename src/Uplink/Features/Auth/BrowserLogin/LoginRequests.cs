using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Uplink.Infrastructure.Auth;
using Uplink.Infrastructure.Data;

namespace Uplink.Features.Auth;

/// <summary>What a browser holds of its request: the public id and the secret (in its cookie).</summary>
internal sealed record LoginTicket(string Id, string Secret);

internal sealed record StartedLogin(LoginTicket Ticket, string MatchCode, DateTimeOffset ExpiresAt);

/// <summary>The state of a request as its browser sees it; <see cref="LoginState.Gone"/> covers unknown and used alike.</summary>
internal enum LoginState
{
    Pending,
    Approved,
    Denied,
    Expired,
    Gone,
}

internal enum Decision
{
    Approved,
    Denied,

    /// <summary>The request had already ended (decided, used, expired) or belongs to another member.</summary>
    Ended,
}

/// <summary>
/// Logins started in a browser and approved in the bot. Every change is one conditional UPDATE, so
/// a request is decided once and used once, however many instances and presses race.
/// </summary>
internal sealed class LoginRequests(UplinkDbContext db, LoginSignals signals, IOptions<AuthOptions> options, TimeProvider time)
{
    public async Task<StartedLogin> StartAsync(string? userAgent, string? address, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var ticket = new LoginTicket(Random(16), Random(32));
        var request = new LoginRequest
        {
            Id = ticket.Id,
            BrowserKeyHash = Hash(ticket.Secret),
            MatchCode = NewMatchCode(),
            CreatedAt = now,
            ExpiresAt = now + options.Value.LoginRequestTtl,
            UserAgent = TextLimits.Clip(userAgent, 512),
            Address = TextLimits.Clip(address, 64),
        };
        db.LoginRequests.Add(request);
        await db.SaveChangesAsync(ct);
        return new StartedLogin(ticket, request.MatchCode, request.ExpiresAt);
    }

    /// <summary>The request the browser's ticket names, if the secret matches.</summary>
    public async Task<LoginRequest?> FindAsync(LoginTicket ticket, CancellationToken ct)
    {
        var request = await db.LoginRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == ticket.Id, ct);
        return request is not null && CryptographicOperations.FixedTimeEquals(request.BrowserKeyHash, Hash(ticket.Secret)) ? request : null;
    }

    public LoginState StateOf(LoginRequest? request) => request switch
    {
        null or { Status: LoginRequestStatus.Used } => LoginState.Gone,
        { Status: LoginRequestStatus.Denied } => LoginState.Denied,
        _ when request.ExpiresAt <= time.GetUtcNow() => LoginState.Expired,
        { Status: LoginRequestStatus.Approved } => LoginState.Approved,
        _ => LoginState.Pending,
    };

    /// <summary>False when the page polled again within <c>Auth:LoginPollInterval</c>; records this poll otherwise.</summary>
    public async Task<bool> TryPollAsync(string id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var earliest = now - options.Value.LoginPollInterval;
        return await db.LoginRequests
            .Where(r => r.Id == id && (r.LastPolledAt == null || r.LastPolledAt <= earliest))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastPolledAt, now), ct) == 1;
    }

    /// <summary>The member who opened the link in the bot claims the request; null when it is gone or someone else's.</summary>
    public async Task<LoginRequest?> ClaimAsync(string id, long memberId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var claimed = await db.LoginRequests
            .Where(r => r.Id == id && r.Status == LoginRequestStatus.Pending && r.ExpiresAt > now &&
                        (r.MemberId == null || r.MemberId == memberId))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.MemberId, memberId), ct) == 1;
        return claimed ? await db.LoginRequests.AsNoTracking().FirstAsync(r => r.Id == id, ct) : null;
    }

    /// <summary>
    /// The member's pick in the bot: the page's code approves, any other code (or null, "Deny") ends
    /// the request. An approved request gets a fresh lifetime for its browser to pick it up.
    /// </summary>
    public async Task<Decision> DecideAsync(string id, long memberId, string? pickedCode, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var request = await db.LoginRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return Decision.Ended;
        }

        var approve = pickedCode is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(pickedCode), Encoding.ASCII.GetBytes(request.MatchCode));
        var open = db.LoginRequests.Where(r =>
            r.Id == id && r.MemberId == memberId && r.Status == LoginRequestStatus.Pending && r.ExpiresAt > now);
        var decided = approve
            ? await open.ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, LoginRequestStatus.Approved)
                .SetProperty(r => r.DecidedAt, now)
                .SetProperty(r => r.ExpiresAt, now + options.Value.LoginRequestTtl), ct)
            : await open.ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, LoginRequestStatus.Denied)
                .SetProperty(r => r.DecidedAt, now), ct);
        if (decided != 1)
        {
            return Decision.Ended;
        }

        signals.Pulse(id);
        return approve ? Decision.Approved : Decision.Denied;
    }

    /// <summary>Spends an approved request once; the member to sign in, or null.</summary>
    public async Task<long?> UseAsync(LoginRequest request, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var used = await db.LoginRequests
            .Where(r => r.Id == request.Id && r.BrowserKeyHash == request.BrowserKeyHash &&
                        r.Status == LoginRequestStatus.Approved && r.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, LoginRequestStatus.Used), ct) == 1;
        return used ? request.MemberId : null;
    }

    public Task<int> PurgeExpiredAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return db.LoginRequests.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(ct);
    }

    /// <summary>Two digits, 10–99: short enough to compare at a glance.</summary>
    public static string NewMatchCode() => RandomNumberGenerator.GetInt32(10, 100).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>URL-safe base64, which is also what a start payload allows (A–Z a–z 0–9 _ -).</summary>
    private static string Random(int bytes) => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.ASCII.GetBytes(secret));
}
