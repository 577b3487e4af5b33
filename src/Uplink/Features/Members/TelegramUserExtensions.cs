using Telegram.Bot.Types;
using Uplink.Features.Photos;

namespace Uplink.Features.Members;

internal static class TelegramUserExtensions
{
    /// <summary>The user as Telegram describes them now, including the current profile photo.</summary>
    public static async Task<TelegramProfile> ToProfileAsync(this User user, TelegramPhotos photos, CancellationToken ct)
    {
        var (photo, known) = await photos.LookupAsync(user.Id, ct);
        return new TelegramProfile(user.Id, user.FirstName, user.LastName, user.Username, user.LanguageCode, photo, known);
    }
}
