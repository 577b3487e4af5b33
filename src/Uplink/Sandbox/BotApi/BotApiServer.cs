using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Uplink.Sandbox.BotApi;

/// <summary>
/// A Bot API server in memory that behaves like Telegram's for what Uplink calls: long-polling
/// getUpdates with offsets, sendMessage with Telegram's HTML and button checks, sendPhoto as
/// multipart, edits, callbacks, profile photos and files, webhooks. The sandbox maps it into
/// Uplink's own host; the tests' fake Telegram maps it into a server of its own and adds faults.
/// </summary>
internal sealed partial class BotApiServer(BotAccount account)
{
    private readonly Lock _gate = new();
    private readonly List<JsonObject> _pendingUpdates = [];
    private readonly List<BotApiRequest> _calls = [];
    private readonly List<BotApiMessage> _messages = [];
    private readonly Dictionary<long, List<(string FileId, string UniqueId)>> _profilePhotos = [];
    private readonly Dictionary<string, (string Path, byte[] Bytes)> _files = [];
    private TaskCompletionSource _updatesArrived = NewSignal();
    private TaskCompletionSource _changed = NewSignal();
    private long _sequence;
    private int _nextUpdateId = 1;
    private int _nextMessageId = 1;

    public BotAccount Account => account;

    /// <summary>Where receive times come from; a test on a FakeTimeProvider shares it with the host.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Runs after a call is recorded and before it is answered; a non-null result answers instead (injected faults).</summary>
    public Func<string, HttpContext, Task<IResult?>>? Intercept { get; set; }

    /// <summary>Delivers an update to the webhook instead of queueing it; false leaves it for getUpdates.</summary>
    public Func<JsonObject, bool>? Deliver { get; set; }

    /// <summary>Update ids the bot has confirmed (by asking getUpdates for a higher offset).</summary>
    public int ConfirmedUpdateCount { get; private set; }

    public string? WebhookUrl { get; private set; }

    public string? WebhookSecret { get; private set; }

    public long Sequence => Interlocked.Read(ref _sequence);

    /// <summary>Update ids start here, e.g. above any offset a bot may have kept from an earlier run.</summary>
    public void StartUpdateIdsAt(int first)
    {
        lock (_gate)
        {
            _nextUpdateId = Math.Max(_nextUpdateId, first);
        }
    }

    /// <summary>Queues an update for getUpdates (or the webhook); its update_id is assigned here and returned.</summary>
    public int PushUpdate(JsonObject update)
    {
        lock (_gate)
        {
            var id = _nextUpdateId++;
            update["update_id"] = id;
            if (WebhookUrl is null || Deliver?.Invoke(update) != true)
            {
                _pendingUpdates.Add(update);
                Pulse(ref _updatesArrived);
            }

            return id;
        }
    }

    /// <summary>A message id in the chats' shared numbering, for what users send.</summary>
    public int NextMessageId() => Interlocked.Increment(ref _nextMessageId) - 1;

    /// <summary>Takes a place in the sequence and wakes waiters, for what happens outside the bot's calls (a user's message).</summary>
    public long Stamp()
    {
        lock (_gate)
        {
            Pulse(ref _changed);
            return ++_sequence;
        }
    }

    public void SetWebhook(string? url, string? secret)
    {
        lock (_gate)
        {
            WebhookUrl = string.IsNullOrEmpty(url) ? null : url;
            WebhookSecret = WebhookUrl is null ? null : secret;
        }
    }

    public void SetProfilePhoto(long userId, byte[] jpeg)
    {
        lock (_gate)
        {
            var n = _files.Count + 1;
            var fileId = $"AgACAgIAAxk-photo-{userId}-{n}";
            var uniqueId = $"AQADphoto{userId}x{n}";
            _files[fileId] = ($"photos/file_{n}.jpg", jpeg);
            if (!_profilePhotos.TryGetValue(userId, out var photos))
            {
                _profilePhotos[userId] = photos = [];
            }

            photos.Insert(0, (fileId, uniqueId));
        }
    }

    public IReadOnlyList<BotApiMessage> Messages
    {
        get { lock (_gate) { return [.. _messages]; } }
    }

    public IReadOnlyList<BotApiMessage> MessagesAfter(long chatId, long sequence)
    {
        lock (_gate) { return [.. _messages.Where(m => m.ChatId == chatId && m.Sequence > sequence)]; }
    }

    public IReadOnlyList<BotApiRequest> Calls(string method)
    {
        lock (_gate) { return [.. _calls.Where(c => c.Method == method)]; }
    }

    public int PendingUpdateCount
    {
        get { lock (_gate) { return _pendingUpdates.Count; } }
    }

    /// <summary>Completes at the next call, message or stamp; take it before looking, then wait on it.</summary>
    public Task Changed
    {
        get { lock (_gate) { return _changed.Task; } }
    }

    /// <summary>Waits until <paramref name="find"/> finds something among the calls and messages so far.</summary>
    public async Task<T> WaitForAsync<T>(Func<IReadOnlyList<BotApiMessage>, IReadOnlyList<BotApiRequest>, T?> find, CancellationToken ct)
        where T : class
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (find(_messages, _calls) is { } found)
                {
                    return found;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(ct);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void Pulse(ref TaskCompletionSource signal)
    {
        var previous = signal;
        signal = NewSignal();
        previous.TrySetResult();
    }
}
