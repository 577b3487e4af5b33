using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;

namespace Uplink.Bot;

/// <summary>An update to handle, and what to do once it has been (confirm its offset, mark it handled).</summary>
internal sealed record UpdateWork(Update Update, Func<IServiceProvider, Update, CancellationToken, Task>? OnHandled = null);

/// <summary>
/// Handles updates with bounded concurrency: each chat maps to one of <c>Telegram:Concurrency</c>
/// lanes, so a chat's updates are handled in order while different chats go in parallel. Each
/// update gets a DI scope of its own. The lanes are bounded channels: together they hold at most
/// about <c>Telegram:QueueCapacity</c> updates.
/// </summary>
internal sealed class UpdateWorkers(IServiceScopeFactory scopes, IOptions<BotOptions> options, ILogger<UpdateWorkers> logger)
{
    private Channel<UpdateWork>[] _lanes = CreateLanes(options.Value);
    private Task[] _loops = [];

    public int Queued => _lanes.Sum(l => l.Reader.Count);

    /// <summary>
    /// Starts the lanes; <paramref name="handling"/> is cancelled only when shutdown runs out of time.
    /// Fresh lanes each time: a poller that lost its lease drained them and may poll again later.
    /// </summary>
    public void Start(CancellationToken handling)
    {
        if (_loops.Length > 0)
        {
            _lanes = CreateLanes(options.Value);
        }

        _loops = [.. _lanes.Select(lane => Task.Run(() => RunLaneAsync(lane.Reader, handling), CancellationToken.None))];
    }

    /// <summary>Queues an update, waiting while its lane is full (polling: natural backpressure).</summary>
    public ValueTask EnqueueAsync(UpdateWork work, CancellationToken ct) => LaneOf(work.Update).Writer.WriteAsync(work, ct);

    /// <summary>Queues an update unless its lane is full (webhook: the caller answers 503 instead).</summary>
    public bool TryEnqueue(UpdateWork work) => LaneOf(work.Update).Writer.TryWrite(work);

    public bool HasRoomFor(Update update)
    {
        var lane = LaneOf(update);
        return lane.Reader.Count < LaneCapacity(options.Value);
    }

    /// <summary>
    /// Stops taking updates and waits for those queued and in flight, at most <paramref name="timeout"/>;
    /// then cancels what is left. Returns whether everything was handled.
    /// </summary>
    public async Task<bool> DrainAsync(TimeSpan timeout, CancellationTokenSource handling)
    {
        foreach (var lane in _lanes)
        {
            lane.Writer.TryComplete();
        }

        var all = Task.WhenAll(_loops);
        // Real time on purpose: shutdown must end even where tests freeze the TimeProvider.
        if (await Task.WhenAny(all, Task.Delay(timeout)) == all)
        {
            return true;
        }

        logger.LogWarning("{Count} update(s) still queued or in flight after {Timeout}; cancelling them: they will be received again",
            Queued, timeout);
        await handling.CancelAsync();
        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(5)));
        return false;
    }

    private async Task RunLaneAsync(ChannelReader<UpdateWork> reader, CancellationToken handling)
    {
        await foreach (var work in reader.ReadAllAsync(CancellationToken.None))
        {
            if (handling.IsCancellationRequested)
            {
                continue; // not handled, so not confirmed: Telegram (or the inbox) gives it again after restart
            }

            try
            {
                // One scope per update: a scope around the whole loop would share one DbContext forever.
                await using var scope = scopes.CreateAsyncScope();
                var dispatcher = scope.ServiceProvider.GetRequiredService<UpdateDispatcher>();
                await dispatcher.DispatchAsync(work.Update, handling);
                if (work.OnHandled is { } onHandled)
                {
                    await onHandled(scope.ServiceProvider, work.Update, handling);
                }
            }
            catch (OperationCanceledException) when (handling.IsCancellationRequested)
            {
                logger.LogWarning("Update {UpdateId} was cancelled by shutdown; it will be received again", work.Update.Id);
            }
            catch (Exception ex)
            {
                // The dispatcher keeps handler failures; this is the plumbing around it. The lane goes on.
                logger.LogError(ex, "Update {UpdateId} could not be handled", work.Update.Id);
            }
        }
    }

    private Channel<UpdateWork> LaneOf(Update update) => _lanes[(int)((uint)ChatKey(update).GetHashCode() % (uint)_lanes.Length)];

    /// <summary>The chat an update belongs to; updates of one chat must be handled in order.</summary>
    internal static long ChatKey(Update update) => update switch
    {
        { Message: { } m } => m.Chat.Id,
        { EditedMessage: { } m } => m.Chat.Id,
        { ChannelPost: { } m } => m.Chat.Id,
        { EditedChannelPost: { } m } => m.Chat.Id,
        { BusinessMessage: { } m } => m.Chat.Id,
        { CallbackQuery: { } q } => q.Message?.Chat.Id ?? q.From.Id,
        { MyChatMember: { } c } => c.Chat.Id,
        { ChatMember: { } c } => c.Chat.Id,
        { ChatJoinRequest: { } r } => r.Chat.Id,
        { InlineQuery: { } q } => q.From.Id,
        { ChosenInlineResult: { } r } => r.From.Id,
        { PreCheckoutQuery: { } q } => q.From.Id,
        { ShippingQuery: { } q } => q.From.Id,
        { PollAnswer.User: { } user } => user.Id,
        _ => 0,
    };

    private static int LaneCapacity(BotOptions o) => Math.Max(1, o.QueueCapacity / o.Concurrency);

    private static Channel<UpdateWork>[] CreateLanes(BotOptions o) =>
    [
        .. Enumerable.Range(0, o.Concurrency).Select(_ => Channel.CreateBounded<UpdateWork>(
            new BoundedChannelOptions(LaneCapacity(o)) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait })),
    ];
}
