using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Uplink.Bot;
using Uplink.Tests.Infrastructure;

namespace Uplink.Tests.Bot;

/// <summary>
/// A webhook update is stored once, on each database, however its deliveries race: within one
/// batch, between batches, and between instances (each with its own journal) sharing the database.
/// </summary>
public abstract class WebhookDedupTests
{
    private static int _nextUpdateId = 700_000;

    protected abstract UplinkApp App { get; }

    [Fact]
    public async Task A_redelivered_update_is_recognised()
    {
        var id = Interlocked.Increment(ref _nextUpdateId);

        Assert.True(await TryAddAsync(id));
        Assert.False(await TryAddAsync(id));
        Assert.Equal(1, await App.QueryAsync(db => db.Set<WebhookUpdate>().CountAsync(u => u.UpdateId == id)));
    }

    [Fact]
    public async Task Racing_deliveries_of_one_update_store_it_once()
    {
        var id = Interlocked.Increment(ref _nextUpdateId);

        var journal = NewJournal();

        var added = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => journal.TryAddAsync(BotId, id, Payload(id))));

        Assert.Single(added, a => a);
        var stored = await App.QueryAsync(db => db.Set<WebhookUpdate>().AsNoTracking().SingleAsync(u => u.UpdateId == id));
        Assert.Equal($"{{\"update_id\":{id}}}", stored.Payload);
        Assert.InRange(stored.ReceivedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Null(stored.HandledAt);
    }

    [Fact]
    public async Task Racing_deliveries_on_two_instances_store_the_update_once()
    {
        var id = Interlocked.Increment(ref _nextUpdateId);
        var instances = new[] { NewJournal(), NewJournal() };

        var added = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => instances[i % 2].TryAddAsync(BotId, id, Payload(id))));

        Assert.Single(added, a => a);
        Assert.Equal(1, await App.QueryAsync(db => db.Set<WebhookUpdate>().CountAsync(u => u.UpdateId == id)));
    }

    [Fact]
    public async Task One_statement_stores_the_new_updates_of_a_batch_and_names_them()
    {
        var old = Interlocked.Increment(ref _nextUpdateId);
        var fresh = new[] { Interlocked.Increment(ref _nextUpdateId), Interlocked.Increment(ref _nextUpdateId) };
        Assert.True(await TryAddAsync(old));

        var added = await InStoreAsync(store => store.TryAddWebhookUpdatesAsync(
            BotId, [(old, Payload(old)), (fresh[0], Payload(fresh[0])), (fresh[1], Payload(fresh[1])), (fresh[0], "again")], CancellationToken.None));

        Assert.Equal(fresh.Order(), added.Order());
        var stored = await App.QueryAsync(db => db.Set<WebhookUpdate>().AsNoTracking().SingleAsync(u => u.UpdateId == fresh[0]));
        Assert.Equal(Payload(fresh[0]), stored.Payload);
    }

    [Fact]
    public async Task Updates_handled_together_are_marked_together_and_only_they()
    {
        var ids = Enumerable.Range(0, 3).Select(_ => Interlocked.Increment(ref _nextUpdateId)).ToArray();
        foreach (var id in ids)
        {
            Assert.True(await TryAddAsync(id));
        }

        var journal = NewJournal();
        await Task.WhenAll(journal.MarkHandledAsync(BotId, ids[0]), journal.MarkHandledAsync(BotId, ids[1]));

        var handled = await App.QueryAsync(db => db.Set<WebhookUpdate>().AsNoTracking()
            .Where(u => ids.Contains(u.UpdateId)).OrderBy(u => u.UpdateId).Select(u => u.HandledAt).ToListAsync());
        Assert.NotNull(handled[0]);
        Assert.NotNull(handled[1]);
        Assert.Null(handled[2]);
    }

    private const long BotId = 42;

    private static string Payload(int updateId) => $"{{\"update_id\":{updateId}}}";

    private WebhookJournal NewJournal() => new(App.Services.GetRequiredService<IServiceScopeFactory>());

    private Task<bool> TryAddAsync(int updateId) => NewJournal().TryAddAsync(BotId, updateId, Payload(updateId));

    private async Task<T> InStoreAsync<T>(Func<BotStore, Task<T>> use)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<BotStore>());
    }
}

[Collection(nameof(SqliteHost))]
public sealed class WebhookDedupOnSqliteTests(SqliteHost host) : WebhookDedupTests
{
    protected override UplinkApp App => host.App;
}

[Collection(nameof(PostgresHost))]
public sealed class WebhookDedupOnPostgresTests(PostgresHost host) : WebhookDedupTests
{
    protected override UplinkApp App => host.App;
}
