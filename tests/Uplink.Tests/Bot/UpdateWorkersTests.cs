using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;
using Uplink.Bot;
using Uplink.Tests.Infrastructure;

namespace Uplink.Tests.Bot;

/// <summary>The queue's room is shared by all lanes, and a delivery may wait for it; one chat's updates stay in order.</summary>
[Collection(nameof(SqliteHost))]
public sealed class UpdateWorkersTests(SqliteHost host)
{
    private const long BusyChat = 1;
    private readonly List<int> _handled = [];
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task One_busy_chat_may_fill_the_whole_queue_while_the_other_lanes_are_idle()
    {
        // 16 lanes, room for 4: with room per lane (4 / 16, at least 1) the busy chat's lane held one.
        await using var run = Start(concurrency: 16, capacity: 4);
        await run.QueueAsync(Blocking(1));
        await _entered.Task;

        for (var id = 2; id <= 5; id++)
        {
            await run.QueueAsync(Recorded(id));
        }

        Assert.False(await run.Workers.ReserveAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.Equal(4, run.Workers.Queued);
        _open.SetResult();
        Assert.True(await run.DrainAsync());
        Assert.Equal([1, 2, 3, 4, 5], _handled);
    }

    [Fact]
    public async Task A_delivery_waits_for_room_and_gets_it_when_a_lane_takes_up_the_next_update()
    {
        await using var run = Start(concurrency: 1, capacity: 1);
        await run.QueueAsync(Blocking(1));
        await _entered.Task;
        await run.QueueAsync(Recorded(2));

        var waiting = run.Workers.ReserveAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        _open.SetResult();

        Assert.True(await waiting);
        run.Workers.Enqueue(Recorded(3));
        Assert.True(await run.DrainAsync());
        Assert.Equal([1, 2, 3], _handled);
    }

    [Fact]
    public async Task A_place_given_back_unused_is_free_for_the_next_delivery()
    {
        await using var run = Start(concurrency: 1, capacity: 1);
        await run.QueueAsync(Blocking(1));
        await _entered.Task;

        Assert.True(await run.Workers.ReserveAsync(TimeSpan.Zero, CancellationToken.None));
        run.Workers.Release(); // a redelivery: stored before, so not queued
        await run.QueueAsync(Recorded(2));

        _open.SetResult();
        Assert.True(await run.DrainAsync());
        Assert.Equal([1, 2], _handled);
    }

    private Run Start(int concurrency, int capacity)
    {
        var options = Options.Create(new BotOptions { Concurrency = concurrency, QueueCapacity = capacity });
        var workers = new UpdateWorkers(host.App.Services.GetRequiredService<IServiceScopeFactory>(), options, NullLogger<UpdateWorkers>.Instance);
        var handling = new CancellationTokenSource();
        workers.Start(handling.Token);
        return new Run(workers, handling);
    }

    // A message without a sender: the dispatcher skips it, so only OnHandled runs.
    private static Update Update(int id) => new() { Id = id, Message = new Message { Chat = new Chat { Id = BusyChat } } };

    private UpdateWork Recorded(int id) => new(Update(id), (_, done, _) =>
    {
        lock (_handled)
        {
            _handled.Add(done.Id);
        }

        return Task.CompletedTask;
    });

    private UpdateWork Blocking(int id) => new(Update(id), async (services, done, ct) =>
    {
        _entered.TrySetResult();
        await _open.Task;
        await Recorded(id).OnHandled!(services, done, ct);
    });

    private sealed class Run(UpdateWorkers workers, CancellationTokenSource handling) : IAsyncDisposable
    {
        public UpdateWorkers Workers => workers;

        /// <summary>As the webhook does: a place first (none waiting for one), then the update.</summary>
        public async Task QueueAsync(UpdateWork work)
        {
            Assert.True(await workers.ReserveAsync(TimeSpan.Zero, CancellationToken.None));
            workers.Enqueue(work);
        }

        public Task<bool> DrainAsync() => workers.DrainAsync(TimeSpan.FromMinutes(1), handling);

        public async ValueTask DisposeAsync()
        {
            await workers.DrainAsync(TimeSpan.FromSeconds(5), handling);
            handling.Dispose();
        }
    }
}
