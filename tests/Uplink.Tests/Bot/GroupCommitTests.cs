using Uplink.Bot;

namespace Uplink.Tests.Bot;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task Items_that_arrive_during_a_write_go_together_in_the_next_one_each_with_its_own_answer()
    {
        var writes = new List<int[]>();
        var firstWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var commit = new GroupCommit<int, string>(async items =>
        {
            writes.Add([.. items]);
            if (writes.Count == 1)
            {
                await firstWrite.Task;
            }

            return [.. items.Select(i => $"row {i}")];
        }, maxBatch: 10);

        var first = commit.WriteAsync(1);
        var others = Enumerable.Range(2, 4).Select(commit.WriteAsync).ToArray();
        firstWrite.SetResult();

        Assert.Equal("row 1", await first);
        Assert.Equal(["row 2", "row 3", "row 4", "row 5"], await Task.WhenAll(others));
        Assert.Equal([[1], [2, 3, 4, 5]], writes);
    }

    [Fact]
    public async Task A_batch_is_at_most_max_batch_items()
    {
        var writes = new List<int>();
        var firstWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var commit = new GroupCommit<int, int>(async items =>
        {
            writes.Add(items.Count);
            if (writes.Count == 1)
            {
                await firstWrite.Task;
            }

            return items;
        }, maxBatch: 3);

        var all = Enumerable.Range(0, 8).Select(commit.WriteAsync).ToArray();
        firstWrite.SetResult();

        Assert.Equal(Enumerable.Range(0, 8), await Task.WhenAll(all));
        Assert.Equal([1, 3, 3, 1], writes);
    }

    [Fact]
    public async Task A_failed_write_fails_every_item_in_it_and_the_next_write_goes_on()
    {
        var calls = 0;
        var firstWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var commit = new GroupCommit<int, int>(async items =>
        {
            if (++calls == 1)
            {
                await firstWrite.Task;
                return items;
            }

            return calls == 2 ? throw new InvalidOperationException("database gone") : items;
        }, maxBatch: 10);

        var first = commit.WriteAsync(1);
        var failing = new[] { commit.WriteAsync(2), commit.WriteAsync(3) };
        firstWrite.SetResult();

        Assert.Equal(1, await first);
        foreach (var item in failing)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => item);
        }

        Assert.Equal(4, await commit.WriteAsync(4));
    }
}
