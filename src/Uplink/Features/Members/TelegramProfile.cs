using Telegram.Bot;
using Telegram.Bot.Types;

namespace Uplink.Features.Members;

/// <summary>What Telegram tells us about a user, as of their latest message.</summary>
/// <param name="PhotoKnown">False when the photo could not be looked up: the stored one is kept.</param>
internal sealed record TelegramProfile(
    long UserId, string FirstName, string? LastName, string? Username, string? LanguageCode,
    TelegramPhoto? Photo, bool PhotoKnown = true);

internal sealed record TelegramPhoto(string FileId, string FileUniqueId);

/// <summary>
/// Reads a user's profile as Telegram has it now. The User object carries no photo, so the current
/// one comes from getUserProfilePhotos.
/// </summary>
internal sealed class TelegramProfiles(IServiceProvider services, ILogger<TelegramProfiles> logger)
{
    // Telegram offers several sizes of each photo; this is enough for a profile card.
    private const int PreferredWidth = 640;

    /// <summary>The user as Telegram describes them now, including the current profile photo.</summary>
    public async Task<TelegramProfile> ReadAsync(User user, CancellationToken ct)
    {
        var (photo, known) = await LookupPhotoAsync(user.Id, ct);
        return new TelegramProfile(user.Id, user.FirstName, user.LastName, user.Username, user.LanguageCode, photo, known);
    }

    /// <summary>The user's current photo; <c>Known</c> is false when Telegram could not be asked.</summary>
    private async Task<(TelegramPhoto? Photo, bool Known)> LookupPhotoAsync(long telegramUserId, CancellationToken ct)
    {
        try
        {
            var bot = services.GetRequiredService<ITelegramBotClient>();
            var photos = await bot.GetUserProfilePhotos(telegramUserId, limit: 1, cancellationToken: ct);
            if (photos.Photos is not [var sizes, ..] || sizes.Length == 0)
            {
                return (null, true);
            }

            var size = sizes.Where(s => s.Width <= PreferredWidth).MaxBy(s => s.Width) ?? sizes.MinBy(s => s.Width)!;
            return (new TelegramPhoto(size.FileId, size.FileUniqueId), true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not look up the profile photo of user {UserId}", telegramUserId);
            return (null, false);
        }
    }
}
