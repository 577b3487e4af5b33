using System.Collections.Concurrent;

namespace Uplink.Features.Auth;

/// <summary>
/// Wakes the waiting pages (Server-Sent Events) of this instance as soon as a request is decided.
/// Another instance's decision is not heard here: the event stream also looks at the database
/// every second, so it arrives there too, just a little later.
/// </summary>
internal sealed class LoginSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new();

    /// <summary>Completes when the request is decided here, or after <paramref name="atMost"/>.</summary>
    public async Task WaitAsync(string id, TimeSpan atMost, CancellationToken ct)
    {
        var signal = _waiting.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            // Real time on purpose: this is only how often the database is asked again, and the
            // request's lifetime is judged on the host's clock when it is.
            await signal.Task.WaitAsync(atMost, ct);
        }
        catch (TimeoutException)
        {
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The page went away; the stream's loop ends on the same token.
        }
        finally
        {
            _waiting.TryRemove(new KeyValuePair<string, TaskCompletionSource>(id, signal));
        }
    }

    public void Pulse(string id)
    {
        if (_waiting.TryRemove(id, out var signal))
        {
            signal.TrySetResult();
        }
    }
}
