using System.Collections.Concurrent;

namespace Uplink.Bot;

/// <summary>
/// Group commit: items written at the same time by many callers go to the database together, one
/// statement for all of them. Whoever finds the writer free writes everything waiting, its own item
/// and those that arrived during the write before; the others wait for that write's answer. No
/// timer and no background loop: a lone caller writes at once, and under load a batch holds what
/// arrived during one statement.
/// </summary>
/// <remarks>
/// Profiled under the webhook benchmark, each statement cost far more CPU than each row in it (EF,
/// the connection, SQLite's parser and its write lock), so many rows per statement is the lever.
/// The write is never cancelled by one caller: the batch is everyone's, and a caller that gave up
/// must not leave its item waiting for a writer that never comes.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification =
    "A SemaphoreSlim needs disposing only once its wait handle is used, which this one's never is.")]
internal sealed class GroupCommit<TItem, TResult>(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> write, int maxBatch)
{
    private readonly ConcurrentQueue<Pending> _waiting = new();
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>Writes the item with whatever else is waiting; the result is the write's answer for this item.</summary>
    public async Task<TResult> WriteAsync(TItem item)
    {
        var pending = new Pending(item);
        _waiting.Enqueue(pending);
        await _writer.WaitAsync(CancellationToken.None);
        try
        {
            while (!pending.Done.Task.IsCompleted && !_waiting.IsEmpty)
            {
                await WriteWaitingAsync();
            }
        }
        finally
        {
            _writer.Release();
        }

        return await pending.Done.Task;
    }

    private async Task WriteWaitingAsync()
    {
        var batch = new List<Pending>();
        while (batch.Count < maxBatch && _waiting.TryDequeue(out var next))
        {
            batch.Add(next);
        }

        try
        {
            var results = await write([.. batch.Select(p => p.Item)]);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(results[i]);
            }
        }
        catch (Exception ex)
        {
            foreach (var p in batch)
            {
                p.Done.TrySetException(ex);
            }
        }
    }

    private sealed record Pending(TItem Item)
    {
        public TaskCompletionSource<TResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
