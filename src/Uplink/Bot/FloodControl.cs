using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Uplink.Bot;

/// <summary>
/// Keeps outgoing messages within Telegram's limits: about 30 a second overall, one a second per
/// chat, 20 a minute per group or channel.
/// </summary>
/// <remarks>
/// Each limit is a <see cref="ConcurrencyLimiter"/> whose permit is given back a fixed time after it
/// was taken (a sliding-window log): at most N sends in any window, and for a chat, at least the
/// interval between two sends. Token buckets would not do: their replenishment follows the
/// stopwatch, even when driven by hand, so neither a <see cref="TimeProvider"/> nor exact spacing
/// is possible with them, while this window follows the injected clock.
/// </remarks>
internal sealed class FloodControl : IDisposable
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time;
    private readonly BotOptions _options;
    private readonly ConcurrencyLimiter _overall;
    private readonly PartitionedRateLimiter<string> _chats;
    private readonly PartitionedRateLimiter<string> _groups;

    public FloodControl(IOptions<BotOptions> options, TimeProvider time)
    {
        _time = time;
        _options = options.Value;
        _overall = new ConcurrencyLimiter(Limit(_options.MessagesPerSecond));
        _chats = PartitionedRateLimiter.Create<string, string>(chat => RateLimitPartition.GetConcurrencyLimiter(chat, _ => Limit(1)));
        _groups = PartitionedRateLimiter.Create<string, string>(chat =>
            RateLimitPartition.GetConcurrencyLimiter(chat, _ => Limit(_options.GroupMessagesPerMinute)));
    }

    /// <summary>Bot API methods that put something in a chat; only these count against the limits.</summary>
    public static bool IsLimited(string method) =>
        (method.StartsWith("send", StringComparison.OrdinalIgnoreCase) && !method.Equals("sendChatAction", StringComparison.OrdinalIgnoreCase)) ||
        method.StartsWith("edit", StringComparison.OrdinalIgnoreCase) ||
        method.StartsWith("copyMessage", StringComparison.OrdinalIgnoreCase) ||
        method.StartsWith("forwardMessage", StringComparison.OrdinalIgnoreCase);

    /// <summary>Groups, supergroups and channels have negative ids, or are named by @username.</summary>
    public static bool IsGroup(string chatId) => chatId.StartsWith('-') || chatId.StartsWith('@');

    /// <summary>Waits until a message to <paramref name="chatId"/> (null: not known) may go out now.</summary>
    public async Task WaitAsync(string? chatId, CancellationToken ct)
    {
        // The chat's own limits first: waiting for them must not hold one of the overall permits.
        if (chatId is not null)
        {
            if (_options.ChatMessageInterval > TimeSpan.Zero)
            {
                Hold(await _chats.AcquireAsync(chatId, 1, ct), _options.ChatMessageInterval);
            }

            if (IsGroup(chatId))
            {
                Hold(await _groups.AcquireAsync(chatId, 1, ct), Minute);
            }
        }

        Hold(await _overall.AcquireAsync(1, ct), Second);
    }

    public void Dispose()
    {
        _overall.Dispose();
        _chats.Dispose();
        _groups.Dispose();
    }

    private void Hold(RateLimitLease lease, TimeSpan window)
    {
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new InvalidOperationException("Too many messages are waiting for Telegram's flood limits.");
        }

        _ = ReleaseAfterAsync(lease, window);
    }

    private async Task ReleaseAfterAsync(RateLimitLease lease, TimeSpan window)
    {
        try
        {
            await Task.Delay(window, _time);
        }
        finally
        {
            lease.Dispose();
        }
    }

    private static ConcurrencyLimiterOptions Limit(int permits) => new()
    {
        PermitLimit = permits,
        QueueLimit = 100_000,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    };
}
