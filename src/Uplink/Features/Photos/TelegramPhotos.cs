using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Uplink.Bot;
using Uplink.Features.Members;
using Uplink.Infrastructure.Data;

namespace Uplink.Features.Photos;

/// <summary>
/// Members' profile photos (which one is current, <see cref="TelegramProfiles"/> asks Telegram):
/// pages get a copy served by Uplink (getFile + download, cached on disk), so the bot token never
/// appears in a page.
/// </summary>
internal sealed class TelegramPhotos(
    IServiceProvider services, IOptions<BotOptions> botOptions, DataDirectory data, ILogger<TelegramPhotos> logger)
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Downloads = new();

    /// <summary>Path of the local copy of the member's photo, downloading it once; null when there is none.</summary>
    public async Task<string?> GetLocalCopyAsync(Member member, CancellationToken ct)
    {
        if (member.PhotoFileId is not { } fileId || member.PhotoFileUniqueId is not { } uniqueId)
        {
            return null;
        }

        // Hashing makes any id a safe file name.
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uniqueId)))[..32] + ".jpg";
        var path = data.PathOf("photos", name);
        if (File.Exists(path))
        {
            return path;
        }

        if (string.IsNullOrWhiteSpace(botOptions.Value.BotToken))
        {
            return null;
        }

        var gate = Downloads.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (!File.Exists(path))
            {
                await DownloadAsync(fileId, path, ct);
            }

            return path;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not download the photo of member {MemberId}", member.Id);
            return null;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task DownloadAsync(string fileId, string path, CancellationToken ct)
    {
        var bot = services.GetRequiredService<ITelegramBotClient>();
        var file = await bot.GetFile(fileId, ct);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await using (var stream = File.Create(temporary))
            {
                await bot.DownloadFile(file.FilePath!, stream, ct);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
