using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Uplink.Features.Admin;
using Uplink.Features.Members;
using Uplink.Tests.Infrastructure;

namespace Uplink.Tests.Features.Admin;

/// <summary>Two instances on one PostgreSQL database, both running their broadcast sender.</summary>
[Collection(nameof(SharedStoresHost))]
public sealed class BroadcastAcrossInstancesTests(SharedStoresHost host)
{
    private const int Members = 300;

    /// <summary>Below the ids the fake Bot API gives its users (700,000,001 on).</summary>
    private const long FirstTelegramId = 650_000_000;

    [Fact]
    public async Task Two_instances_send_one_broadcast_once_to_every_recipient()
    {
        await SeedAsync();
        var text = $"One message for everyone, {Guid.NewGuid():N}";
        long id;
        await using (var scope = host.First.Services.CreateAsyncScope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<Broadcasts>().CreateAsync(UplinkApp.AdminTelegramId, text, null, null, CancellationToken.None)).Id;
        }

        // The first instance was woken by the creation; the second is woken too, so that both reach for it at once.
        host.Second.Services.GetRequiredService<BroadcastSignal>().Wake();
        await CompletedAsync(id);

        var recipients = await host.First.QueryAsync(db => db.BroadcastDeliveries.Where(d => d.BroadcastId == id).Select(d => d.ChatId).ToListAsync());
        var received = host.Telegram.Messages.Where(m => m.Text == text).GroupBy(m => m.ChatId).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(recipients.Count >= Members, $"{recipients.Count} recipients");
        Assert.Equal(recipients.Order(), received.Keys.Order());
        Assert.All(received, r => Assert.True(r.Value == 1, $"chat {r.Key} got the broadcast {r.Value} times"));
        var statuses = await host.First.QueryAsync(db => db.BroadcastDeliveries.Where(d => d.BroadcastId == id).Select(d => d.Status).Distinct().ToListAsync());
        Assert.Equal([DeliveryStatus.Sent], statuses);
    }

    private Task SeedAsync() => host.First.QueryAsync(async db =>
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < Members; i++)
        {
            db.Members.Add(new Member
            {
                TelegramUserId = FirstTelegramId + i, FirstName = $"M{i}", ReferralCode = $"UP-T{i:D5}", LanguageCode = "en", CreatedAt = now, UpdatedAt = now,
            });
        }

        return await db.SaveChangesAsync();
    });

    private async Task CompletedAsync(long id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await host.Second.QueryAsync(db => db.Broadcasts.Where(b => b.Id == id).Select(b => b.Status).SingleAsync()) != BroadcastStatus.Completed)
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
