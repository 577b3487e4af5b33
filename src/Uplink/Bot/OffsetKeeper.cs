using Microsoft.Extensions.Options;

namespace Uplink.Bot;

/// <summary>
/// Persists polling's confirmed offset whenever it moves, so a restart neither loses nor repeats
/// an update. Writes coalesce: under load one write covers many updates.
/// </summary>
internal sealed class OffsetKeeper(IServiceScopeFactory scopes, IOptions<BotOptions> options, TimeProvider time, ILogger<OffsetKeeper> logger)
{
    private int? _saved;

    public int? Saved => _saved;

    public async Task<PollingOffsets> LoadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var saved = await scope.ServiceProvider.GetRequiredService<BotStore>().LoadOffsetAsync(options.Value.BotId, ct);
        // Telegram keeps updates 24 hours, and after a week without any it may restart the ids lower:
        // an older offset could only hide new updates, so Telegram's own is used then.
        _saved = saved is { } s && time.GetUtcNow() - s.SavedAt < TimeSpan.FromHours(24) ? s.Offset : null;
        return new PollingOffsets(_saved);
    }

    /// <summary>Saves the offset each time it moves, until <paramref name="ct"/> is cancelled.</summary>
    public async Task KeepAsync(PollingOffsets offsets, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var progress = offsets.Progress;
            // A save under way is finished, not cancelled: stopping only ends the waiting.
            await SaveAsync(offsets, CancellationToken.None);
            try
            {
                await progress.WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task SaveAsync(PollingOffsets offsets, CancellationToken ct)
    {
        if (offsets.Confirmed is not { } offset || offset == _saved)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<BotStore>().SaveOffsetAsync(options.Value.BotId, offset, ct);
            _saved = offset;
            logger.LogDebug("Polling offset {Offset} saved", offset);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not save the polling offset {Offset}; will try again", offset);
        }

    }
}
