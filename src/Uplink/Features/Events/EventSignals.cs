using System.Threading.Channels;

namespace Uplink.Features.Events;

/// <summary>
/// Wakes the notifier as soon as this instance changes an event, so that attendees hear of it in
/// seconds; changes made by other instances are found on the notifier's next regular check.
/// </summary>
internal sealed class EventSignals
{
    private readonly Channel<bool> _notifier = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void WakeNotifier() => _notifier.Writer.TryWrite(true);

    public ChannelReader<bool> NotifierWakeups => _notifier.Reader;
}

/// <summary>What the background jobs did last; reported at /health/ready (<see cref="EventsHealthCheck"/>).</summary>
internal sealed class EventJobsStatus
{
    private int _syncs;
    private int _notifierRuns;

    public int Syncs => Volatile.Read(ref _syncs);

    public SyncReport? LastSync { get; private set; }

    /// <summary>When the importer will ask the source next (slower after a 404).</summary>
    public DateTimeOffset? NextSyncAt { get; private set; }

    public int NotifierRuns => Volatile.Read(ref _notifierRuns);

    /// <summary>The clock's time at the start of the notifier's latest completed run.</summary>
    public DateTimeOffset? NotifierRanAt { get; private set; }

    public void Synced(SyncReport report, DateTimeOffset next)
    {
        LastSync = report;
        NextSyncAt = next;
        Interlocked.Increment(ref _syncs);
    }

    public void Notified(DateTimeOffset ranAt)
    {
        NotifierRanAt = ranAt;
        Interlocked.Increment(ref _notifierRuns);
    }
}
