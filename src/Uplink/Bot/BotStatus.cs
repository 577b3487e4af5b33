namespace Uplink.Bot;

internal enum BotState
{
    /// <summary>No token or <c>Telegram:Mode=None</c>: nothing to receive.</summary>
    Off,
    Starting,

    /// <summary>Polling: another instance holds the polling lease; this one takes over when it stops.</summary>
    Standby,
    Receiving,
    BackingOff,

    /// <summary>getUpdates answers 409: another poller, or a webhook is set.</summary>
    Conflict,

    /// <summary>Polling gave up after <c>Telegram:MaxReconnectAttempts</c>.</summary>
    Stopped,
}

/// <summary>What the receiving side is doing, for /health/ready and the logs.</summary>
internal sealed record BotStatusSnapshot(
    BotState State,
    BotMode Mode,
    DateTimeOffset? Since,
    DateTimeOffset? NextAttempt,
    DateTimeOffset? LastSuccessfulGetUpdates,
    DateTimeOffset? LastUpdateReceived,
    int Failures,
    string? LastError);

/// <summary>
/// The bot's receiving state, shared by polling, the webhook and the health check. A bot that has
/// silently gone deaf shows here: its last successful getUpdates grows old.
/// </summary>
internal sealed class BotStatus(TimeProvider time)
{
    private readonly Lock _gate = new();
    private BotStatusSnapshot _current = new(BotState.Off, BotMode.None, null, null, null, null, 0, null);
    private TaskCompletionSource _changed = NewSignal();

    public BotStatusSnapshot Current
    {
        get { lock (_gate) { return _current; } }
    }

    /// <summary>Completes at the next change; lets a supervisor (or a test) wait instead of polling.</summary>
    public Task WhenChanged
    {
        get { lock (_gate) { return _changed.Task; } }
    }

    public void Standby() => Set(s => s with { State = BotState.Standby, Mode = BotMode.Polling, Since = time.GetUtcNow(), NextAttempt = null });

    public void Starting(BotMode mode) => Set(s => s with { State = BotState.Starting, Mode = mode, Since = time.GetUtcNow() });

    /// <summary>A getUpdates call (or setWebhook) succeeded: the streak of failures is over.</summary>
    public void Receiving(bool polled)
    {
        var now = time.GetUtcNow();
        Set(s => s with
        {
            State = BotState.Receiving,
            Since = s.State == BotState.Receiving ? s.Since : now,
            NextAttempt = null,
            LastSuccessfulGetUpdates = polled ? now : s.LastSuccessfulGetUpdates,
            Failures = 0,
        });
    }

    public void UpdateReceived() => Set(s => s with { LastUpdateReceived = time.GetUtcNow() });

    public void Failed(BotState state, int failures, TimeSpan delay, string error)
    {
        var now = time.GetUtcNow();
        Set(s => s with
        {
            State = state,
            Since = s.State == state ? s.Since : now,
            NextAttempt = now + delay,
            Failures = failures,
            LastError = error,
        });
    }

    public void Stopped(string error) =>
        Set(s => s with { State = BotState.Stopped, Since = time.GetUtcNow(), NextAttempt = null, LastError = error });

    private void Set(Func<BotStatusSnapshot, BotStatusSnapshot> change)
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            _current = change(_current);
            previous = _changed;
            _changed = NewSignal();
        }

        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
