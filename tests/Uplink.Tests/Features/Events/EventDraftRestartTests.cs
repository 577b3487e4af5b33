using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Features.Events;

/// <summary>An admin's draft lives in the database, so a restart in the middle of it loses nothing.</summary>
public sealed class EventDraftRestartTests
{
    [Fact]
    public async Task A_draft_survives_a_restart()
    {
        await using var telegram = await FakeBotApi.StartAsync();
        var data = Directory.CreateTempSubdirectory("uplink-draft-").FullName;
        var admin = new TelegramUser(telegram, UplinkApp.AdminTelegramId, "Ada", null, null, "en");
        await using (var first = new UplinkApp(telegram, dataDirectory: data))
        {
            first.StartServer();
            await telegram.WaitForCallAsync("setMyCommands");
            await admin.SendAsync("/newevent");
            Assert.Contains("step 2 of 4", (await admin.SendAsync("Survivor")).Plain);
        }

        var since = telegram.Sequence;
        await using var second = new UplinkApp(telegram, dataDirectory: data);
        second.StartServer();
        await telegram.WaitForCallAsync("setMyCommands", c => c.Sequence > since);
        var step3 = await admin.SendAsync($"{DateTime.UtcNow.AddDays(5):yyyy-MM-dd} 18:00");
        var step4 = await admin.PressAsync("/draft skip", step3);
        var confirm = await admin.PressAsync("/draft skip", step4);

        Assert.Contains("step 3 of 4", step3.Plain);
        Assert.Contains("📅 Survivor", confirm.Plain);
        await second.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }
}
