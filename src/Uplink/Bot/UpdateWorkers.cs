using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;

namespace Uplink.Bot;

/// <summary>An update to handle, and what to do once it has been (confirm its offset, mark it handled).</summary>
internal sealed record UpdateWork(Update Update, Func<IServiceProvider, Update, CancellationToken, Task>? OnHandled = null);

/// <summary>
/// Handles updates with bounded concurrency: each chat maps to one of <c>Telegram:Concurrency</c>
/// lanes, so a chat's updates are handled in order while different chats go in parallel. Each
/// update gets a DI scope of its own. At most <c>Telegram:QueueCapacity</c> updates wait, over all
/// lanes together: a busy lane takes room the idle ones do not need, so no update is refused while
/// others could still be held (with room per lane, 100 chats hashed onto 16 lanes filled the busiest
/// lanes and got updates refused while the rest stood empty).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification =
    "A SemaphoreSlim needs disposing only once its wait handle is used, which this one's never is.")]
internal sealed class UpdateWorkers(IServiceScopeFactory scopes, IOptions<BotOptions> options, ILogger<UpdateWorkers> logger)
{
    private Channel<UpdateWork>[] _lanes = CreateLanes(options.Value);

    // Places for waiting updates: taken before an update is queued, given back when its lane takes it up.
    private SemaphoreSlim _room = new(options.Value.QueueCapacity);
    private Task[] _loops = [];

    /// <summary>Updates waiting (the places taken; an unbounded single-reader channel does not count its items).</summary>
    public int Queued => options.Value.QueueCapacity - _room.CurrentCount;

    /// <summary>
    /// Starts the lanes; <paramref name="handling"/> is cancelled only when shutdown runs out of time.
    /// Fresh lanes each time: a poller that lost its lease drained them and may poll again later.
    /// </summary>
    public void Start(CancellationToken handling)
    {
        if (_loops.Length > 0)
        {
            _lanes = CreateLanes(options.Value);
            _room = new SemaphoreSlim(options.Value.QueueCapacity);
        }

        var room = _room;
        _loops = [.. _lanes.Select(lane => Task.Run(() => RunLaneAsync(lane.Reader, room, handling), CancellationToken.None))];
    }

    /// <summary>Queues an update, waiting while the queue is full (polling: natural backpressure).</summary>
    public async ValueTask EnqueueAsync(UpdateWork work, CancellationToken ct)
    {
        await _room.WaitAsync(ct);
        Enqueue(work);
    }

    /// <summary>
    /// Takes a place in the queue, waiting at most <paramref name="wait"/> for one (webhook: false means
    /// 503). The place is then filled by <see cref="Enqueue"/> or given back by <see cref="Release"/>.
    /// </summary>
    public Task<bool> ReserveAsync(TimeSpan wait, CancellationToken ct) => _room.WaitAsync(wait, ct);

    /// <summary>Gives back a place taken by <see cref="ReserveAsync"/> and not used (a redelivered update).</summary>
    public void Release() => _room.Release();

    /// <summary>Queues an update into the place taken for it.</summary>
    public void Enqueue(UpdateWork work)
    {
        if (!LaneOf(work.Update).Writer.TryWrite(work))
        {
            // Unbounded lanes refuse only once draining began: the update stays unconfirmed, so it comes again.
            _room.Release();
            logger.LogWarning("Update {UpdateId} arrived while stopping; it will be received again", work.Update.Id);
        }
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

    private async Task RunLaneAsync(ChannelReader<UpdateWork> reader, SemaphoreSlim room, CancellationToken handling)
    {
        await foreach (var work in reader.ReadAllAsync(CancellationToken.None))
        {
            room.Release();
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

    // Unbounded: the room above bounds all lanes together.
    private static Channel<UpdateWork>[] CreateLanes(BotOptions o) =>
    [
        .. Enumerable.Range(0, o.Concurrency).Select(_ => Channel.CreateUnbounded<UpdateWork>(new UnboundedChannelOptions { SingleReader = true })),
    ];
}
