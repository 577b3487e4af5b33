using Microsoft.EntityFrameworkCore;
using Uplink.Features.Referrals;
using Uplink.Infrastructure.Caching;
using Uplink.Infrastructure.Data;
using Uplink.Infrastructure.Web;

namespace Uplink.Features.Members;

/// <summary>What Telegram tells us about a user, as of their latest message.</summary>
/// <param name="PhotoKnown">False when the photo could not be looked up: the stored one is kept.</param>
internal sealed record TelegramProfile(
    long UserId, string FirstName, string? LastName, string? Username, string? LanguageCode,
    TelegramPhoto? Photo, bool PhotoKnown = true);

internal sealed record TelegramPhoto(string FileId, string FileUniqueId);

internal enum ReferralOutcome
{
    /// <summary>No code was given.</summary>
    None,
    Recorded,
    UnknownCode,
    MalformedCode,
    OwnCode,

    /// <summary>A code was given by someone who had registered before: referrers count only once.</summary>
    AlreadyRegistered,
}

internal sealed record Registration(Member Member, bool Created, ReferralOutcome Referral, Member? Referrer);

/// <summary>Member logic shared by the bot, the API and the site.</summary>
internal sealed class MemberService(
    UplinkDbContext db, LocalCache cache, CacheInvalidator invalidator, SiteUrls urls, TimeProvider time, ILogger<MemberService> logger)
{
    private const int MaxCodeDraws = 5;

    /// <summary>Draws a referral code; tests replace it to force collisions.</summary>
    internal Func<string> DrawCode { get; set; } = ReferralCode.New;

    public Task<Member?> FindByTelegramIdAsync(long telegramUserId, CancellationToken ct) =>
        db.Members.Include(m => m.Referrer).FirstOrDefaultAsync(m => m.TelegramUserId == telegramUserId, ct);

    /// <summary>Just the member's id, read without tracking: for callers that need nothing else.</summary>
    public Task<long?> FindIdByTelegramIdAsync(long telegramUserId, CancellationToken ct) =>
        db.Members.AsNoTracking().Where(m => m.TelegramUserId == telegramUserId).Select(m => (long?)m.Id).FirstOrDefaultAsync(ct);

    public Task<bool> ExistsAsync(long id, CancellationToken ct) => db.Members.AnyAsync(m => m.Id == id, ct);

    public Task<Member?> FindByIdAsync(long id, CancellationToken ct) =>
        db.Members.Include(m => m.Referrer).FirstOrDefaultAsync(m => m.Id == id, ct);

    /// <summary>Looks a member up by a normalized referral code (see <see cref="ReferralCode.TryNormalize"/>).</summary>
    public Task<Member?> FindByCodeAsync(string referralCode, CancellationToken ct) =>
        db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.ReferralCode == referralCode, ct);

    /// <summary>The private profile, through the cache (invalidated by every write to the member).</summary>
    public async Task<PrivateProfileDto?> GetPrivateProfileAsync(long memberId, CancellationToken ct)
    {
        var key = PrivateKey(memberId);
        if (cache.TryGet<PrivateProfileDto>(key, out var cached))
        {
            return cached;
        }

        var epoch = cache.Epoch;
        var member = await db.Members.AsNoTracking().Include(m => m.Referrer).FirstOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null)
        {
            return null;
        }

        var profile = member.AsPrivateDto(await CountReferralsAsync(member.Id, ct), urls);
        cache.Set(key, profile, epoch);
        return profile;
    }

    /// <summary>The public profile by normalized referral code, through the cache.</summary>
    public async Task<PublicProfileDto?> GetPublicProfileAsync(string referralCode, CancellationToken ct)
    {
        var key = PublicKey(referralCode);
        if (cache.TryGet<PublicProfileDto>(key, out var cached))
        {
            return cached;
        }

        var epoch = cache.Epoch;
        if (await FindByCodeAsync(referralCode, ct) is not { } member)
        {
            return null;
        }

        var profile = member.AsPublicDto(urls);
        cache.Set(key, profile, epoch);
        return profile;
    }

    public Task<int> CountReferralsAsync(long memberId, CancellationToken ct) =>
        db.Members.CountAsync(m => m.ReferrerId == memberId, ct);

    public async Task<IReadOnlyList<Member>> LatestReferralsAsync(long memberId, int count, CancellationToken ct) =>
        await db.Members.AsNoTracking()
            .Where(m => m.ReferrerId == memberId)
            .OrderByDescending(m => m.Id)
            .Take(count)
            .ToListAsync(ct);

    /// <summary>
    /// Registers the Telegram user, or refreshes the member's Telegram data when already registered.
    /// Idempotent: the code never changes, and a referrer is recorded only at first registration.
    /// </summary>
    public async Task<Registration> RegisterAsync(TelegramProfile profile, string? referralPayload, CancellationToken ct)
    {
        var existing = await FindByTelegramIdAsync(profile.UserId, ct);
        if (existing is not null)
        {
            await RefreshAsync(existing, profile, ct);
            var outcome = referralPayload is null ? ReferralOutcome.None : ReferralOutcome.AlreadyRegistered;
            return new Registration(existing, false, outcome, null);
        }

        var (referrer, referral) = await ResolveReferrerAsync(profile.UserId, referralPayload, ct);
        for (var draw = 1; ; draw++)
        {
            var now = time.GetUtcNow();
            var member = new Member
            {
                TelegramUserId = profile.UserId,
                FirstName = profile.FirstName,
                ReferralCode = DrawCode(),
                ReferrerId = referrer?.Id,
                CreatedAt = now,
                UpdatedAt = now,
            };
            Apply(member, profile);
            db.Members.Add(member);
            try
            {
                await db.SaveChangesAsync(ct);
                logger.LogInformation("Member {MemberId} registered (referral: {Referral})", member.Id, referral);
                if (referrer is not null)
                {
                    await invalidator.InvalidateAsync(PrivateKey(referrer.Id)); // its referral count changed
                }

                member.Referrer = referrer;
                return new Registration(member, true, referral, referrer);
            }
            catch (DbUpdateException) when (draw < MaxCodeDraws)
            {
                // Either the same user registered concurrently (two /start at once), or the
                // drawn code is taken. The first wins; the second draws again.
                db.Entry(member).State = EntityState.Detached;
                if (await FindByTelegramIdAsync(profile.UserId, ct) is { } raced)
                {
                    return new Registration(raced, false, ReferralOutcome.None, null);
                }

                logger.LogWarning("Referral code collision on draw {Draw}; drawing again", draw);
            }
        }
    }

    /// <summary>Checks an edit; the errors are keyed by field, as in a validation problem.</summary>
    public static Dictionary<string, string[]> Validate(UpdateProfileRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Bio is { } bio)
        {
            if (bio.Trim().Length > Member.MaxBioLength)
            {
                errors["bio"] = [$"The bio can be at most {Member.MaxBioLength} characters long."];
            }
            else if (bio.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            {
                errors["bio"] = ["The bio cannot contain control characters."];
            }
        }

        return errors;
    }

    /// <summary>Applies a validated edit of the bio and of which fields are public.</summary>
    public async Task UpdateProfileAsync(Member member, UpdateProfileRequest request, CancellationToken ct)
    {
        if (request.Bio is { } bio)
        {
            member.Bio = bio.Trim() is { Length: > 0 } trimmed ? trimmed.ReplaceLineEndings("\n") : null;
        }

        if (request.PublicFields is { } v)
        {
            member.PublicFields = Set(Set(Set(Set(member.PublicFields,
                PublicFields.LastName, v.LastName), PublicFields.Username, v.Username), PublicFields.Bio, v.Bio), PublicFields.Photo, v.Photo);
        }

        member.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await InvalidateAsync(member);

        static PublicFields Set(PublicFields current, PublicFields field, bool? on) => on switch
        {
            true => current | field,
            false => current & ~field,
            null => current,
        };
    }

    /// <summary>Keeps names, username, language and photo in step with Telegram.</summary>
    public async Task RefreshAsync(Member member, TelegramProfile profile, CancellationToken ct)
    {
        var before = (member.FirstName, member.LastName, member.Username, member.LanguageCode, member.PhotoFileUniqueId);
        Apply(member, profile);
        // They wrote to the bot, so they no longer block it.
        var reachedAgain = member.UnreachableSince is not null;
        member.UnreachableSince = null;
        if (reachedAgain || before != (member.FirstName, member.LastName, member.Username, member.LanguageCode, member.PhotoFileUniqueId))
        {
            member.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
            await InvalidateAsync(member);
        }
    }

    private Task InvalidateAsync(Member member) =>
        invalidator.InvalidateAsync(PrivateKey(member.Id), PublicKey(member.ReferralCode));

    private static string PrivateKey(long memberId) => $"member:{memberId}";

    private static string PublicKey(string referralCode) => $"profile:{referralCode}";

    private async Task<(Member? Referrer, ReferralOutcome Outcome)> ResolveReferrerAsync(
        long telegramUserId, string? payload, CancellationToken ct)
    {
        if (payload is null)
        {
            return (null, ReferralOutcome.None);
        }

        if (!ReferralCode.TryNormalize(payload, out var code))
        {
            return (null, ReferralOutcome.MalformedCode);
        }

        var referrer = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.ReferralCode == code, ct);
        return referrer switch
        {
            null => (null, ReferralOutcome.UnknownCode),
            _ when referrer.TelegramUserId == telegramUserId => (null, ReferralOutcome.OwnCode),
            _ => (referrer, ReferralOutcome.Recorded),
        };
    }

    private static void Apply(Member member, TelegramProfile profile)
    {
        member.FirstName = TextLimits.Clip(profile.FirstName, 256) ?? "";
        member.LastName = TextLimits.Clip(profile.LastName, 256);
        member.Username = TextLimits.Clip(profile.Username, 64);
        member.LanguageCode = TextLimits.Clip(profile.LanguageCode, 16);
        if (profile.PhotoKnown)
        {
            member.PhotoFileId = TextLimits.Clip(profile.Photo?.FileId, 256);
            member.PhotoFileUniqueId = TextLimits.Clip(profile.Photo?.FileUniqueId, 128);
        }
    }
}
