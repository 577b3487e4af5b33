using Telegram.Bot.Types;
using Uplink.Bot;

namespace Uplink.Tests.Bot;

public sealed class PollingOffsetsTests
{
    private static Update[] Updates(params int[] ids) => [.. ids.Select(id => new Update { Id = id })];

    [Fact]
    public void The_offset_moves_only_past_updates_whose_handling_and_all_before_have_completed()
    {
        var offsets = new PollingOffsets(confirmed: null);
        Assert.Null(offsets.Confirmed);

        Assert.Equal([5, 6, 7], offsets.Take(Updates(5, 6, 7)).Select(u => u.Id));
        Assert.Equal(5, offsets.Confirmed);

        offsets.Complete(7);
        offsets.Complete(6);
        Assert.Equal(5, offsets.Confirmed); // 5 is still in flight: a crash now must give 5, 6 and 7 again

        offsets.Complete(5);
        Assert.Equal(8, offsets.Confirmed);
    }

    [Fact]
    public void Updates_given_again_while_in_flight_or_below_the_saved_offset_are_not_taken_twice()
    {
        var offsets = new PollingOffsets(confirmed: 10);

        Assert.Equal([10, 11], offsets.Take(Updates(8, 9, 10, 11)).Select(u => u.Id));
        Assert.Empty(offsets.Take(Updates(10, 11)));
        Assert.Equal([12], offsets.Take(Updates(10, 11, 12)).Select(u => u.Id));
        offsets.Complete(10);
        offsets.Complete(11);
        Assert.Equal(12, offsets.Confirmed); // 12 was taken once: still in flight, so not yet confirmed
        offsets.Complete(12);
        Assert.Equal(13, offsets.Confirmed);
    }

    [Fact]
    public async Task Progress_completes_when_an_update_completes()
    {
        var offsets = new PollingOffsets(confirmed: 1);
        offsets.Take(Updates(1));
        var progress = offsets.Progress;
        Assert.False(progress.IsCompleted);

        offsets.Complete(1);

        await progress.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, offsets.Confirmed);
    }
}
