using Uplink.Infrastructure.Data;

namespace Uplink.Features.Members;

/// <summary>Keeps a member's names, username, language and photo in step with Telegram.</summary>
internal sealed class TelegramRefresh(UplinkDbContext db, ProfileCache profiles, TimeProvider time)
{
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
            await profiles.InvalidateAsync(member);
        }
    }

    /// <summary>Copies what Telegram says onto the member, clipped to the columns' lengths.</summary>
    public static void Apply(Member member, TelegramProfile profile)
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
