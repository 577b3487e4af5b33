using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Uplink.Bot;
using Uplink.Tests.Infrastructure;

namespace Uplink.Tests.Bot;

/// <summary>A webhook update is stored once, on each database, however its deliveries race.</summary>
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

        var added = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => TryAddAsync(id)));

        Assert.Single(added, a => a);
        var stored = await App.QueryAsync(db => db.Set<WebhookUpdate>().AsNoTracking().SingleAsync(u => u.UpdateId == id));
        Assert.Equal($"{{\"update_id\":{id}}}", stored.Payload);
        Assert.InRange(stored.ReceivedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Null(stored.HandledAt);
    }

    private async Task<bool> TryAddAsync(int updateId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BotStore>()
            .TryAddWebhookUpdateAsync(botId: 42, updateId, $"{{\"update_id\":{updateId}}}", CancellationToken.None);
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
