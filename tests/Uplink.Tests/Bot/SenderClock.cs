using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Uplink.Bot;

namespace Uplink.Tests.Bot;

/// <summary>
/// A FakeTimeProvider that also reads the sender's log, so that a test moves the clock exactly when
/// a retry is waiting. The pipeline logs a retry just before it starts the retry's timer, so the
/// first timer made after that warning is the one to move the clock past.
/// </summary>
internal sealed class SenderClock(DateTimeOffset start) : FakeTimeProvider(start), ILoggerProvider
{
    private readonly SemaphoreSlim _changed = new(0);
    private readonly ConcurrentQueue<int> _timersAtWarning = new();
    private int _timers;

    /// <summary>The sender's warnings, in order.</summary>
    public ConcurrentQueue<string> Warnings { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        _changed.Release();
        return timer;
    }

    /// <summary>Waits until the <paramref name="retry"/>th retry (counting from 1) has started its timer.</summary>
    public async Task WaitForRetryTimerAsync(int retry)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (_timersAtWarning.Count < retry || Volatile.Read(ref _timers) <= _timersAtWarning.ElementAt(retry - 1))
        {
            await _changed.WaitAsync(timeout.Token);
        }
    }

    public ILogger CreateLogger(string categoryName) =>
        categoryName == typeof(TelegramSender).FullName ? new WarningLogger(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose() => _changed.Dispose();

    private sealed class WarningLogger(SenderClock clock) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                clock.Warnings.Enqueue(formatter(state, exception));
                clock._timersAtWarning.Enqueue(Volatile.Read(ref clock._timers));
                clock._changed.Release();
            }
        }
    }
}
