using Telegram.Bot.Types;

namespace Uplink.Bot;

/// <summary>
/// Which updates polling has taken and which are done. The confirmed offset (the one passed to
/// getUpdates and persisted) moves only past updates whose handling, and that of every update
/// before them, has completed: a crash or a shutdown that runs out of time never loses one. Updates
/// Telegram gives again while still in flight are recognised and skipped.
/// </summary>
internal sealed class PollingOffsets(int? confirmed)
{
    private readonly Lock _gate = new();
    private readonly SortedSet<int> _inFlight = [];
    private int? _highestTaken = confirmed - 1;
    private TaskCompletionSource _progress = NewSignal();

    /// <summary>The offset for getUpdates: every update below it is handled. Null before the first update.</summary>
    public int? Confirmed
    {
        get
        {
            lock (_gate)
            {
                return _inFlight.Count > 0 ? _inFlight.Min : _highestTaken + 1;
            }
        }
    }

    /// <summary>Completes when an update completes; capture it before reading <see cref="Confirmed"/>.</summary>
    public Task Progress
    {
        get { lock (_gate) { return _progress.Task; } }
    }

    /// <summary>Takes the updates not taken before (in id order) and marks them in flight.</summary>
    public IReadOnlyList<Update> Take(IEnumerable<Update> updates)
    {
        lock (_gate)
        {
            var fresh = updates.Where(u => _highestTaken is not { } h || u.Id > h).OrderBy(u => u.Id).ToList();
            foreach (var update in fresh)
            {
                _inFlight.Add(update.Id);
                _highestTaken = update.Id;
            }

            return fresh;
        }
    }

    public void Complete(int updateId)
    {
        TaskCompletionSource progress;
        lock (_gate)
        {
            _inFlight.Remove(updateId);
            progress = _progress;
            _progress = NewSignal();
        }

        progress.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
