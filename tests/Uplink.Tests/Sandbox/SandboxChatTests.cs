using Microsoft.Playwright;
using Uplink.Tests.Features.Auth;
using Uplink.Tests.Features.Events;
using static Microsoft.Playwright.Assertions;

namespace Uplink.Tests.Sandbox;

/// <summary>The whole product tried in a browser, without Telegram: the bot answers on /sandbox.</summary>
[Collection(nameof(SandboxHost))]
public sealed class SandboxChatTests(SandboxHost host)
{
    [Fact]
    public async Task Start_shows_the_referral_code_and_a_second_member_joins_through_the_first_ones_link()
    {
        var chat = await host.OpenAsync();
        await chat.AddUserAsync("Alice");
        var code = await chat.StartAsync();
        var invite = await (await chat.BotMessageAsync(code)).Locator("a[href*='?start=']").GetAttributeAsync("href");
        Assert.Equal($"https://t.me/uplink_sandbox_bot?start={code}", invite);

        // Alice sends Bob her link; Bob opens it, as he would in Telegram.
        await chat.AddUserAsync("Bob", "ru");
        await chat.SayAsync(invite!);
        await chat.Page.Locator(".msg.user a[href*='?start=']").ClickAsync();
        await chat.BotMessageAsync("Alice");

        await chat.PlayAsync("Alice");
        var notice = await chat.BotMessageAsync("Bob");
        Assert.Contains("joined with your referral code", await notice.InnerTextAsync());
    }

    [Fact]
    public async Task Qr_shows_an_image_whose_link_logs_the_browser_in()
    {
        var chat = await host.OpenAsync();
        await chat.AddUserAsync("Quinn");
        await chat.StartAsync();

        await chat.SayAsync("/qr");
        var image = chat.BotMessages.Locator("img").Last;
        await Expect(image).ToBeVisibleAsync();
        var png = await (await chat.Page.APIRequest.GetAsync(host.BaseUrl + await image.GetAttributeAsync("src"))).BodyAsync();
        var link = await AuthSteps.DecodeQrAsync(png);
        Assert.StartsWith($"{host.BaseUrl}/auth/callback?code=", link);

        var site = await chat.Page.Context.RunAndWaitForPageAsync(() => chat.BotMessages.Locator($"a[href='{link}']").ClickAsync());
        await site.ClickAsync("#login");
        await site.WaitForURLAsync($"{host.BaseUrl}/me");
        Assert.Equal("Quinn", (await site.TextContentAsync("#name"))?.Trim());
        await Expect(site.Locator("#sandbox-banner")).ToContainTextAsync("Sandbox");
    }

    [Fact]
    public async Task Events_paging_and_rsvp_buttons_update_the_message_in_place()
    {
        using var service = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        for (var i = 1; i <= 6; i++)
        {
            await service.CreateEventAsync($"Sandbox meetup {i}", TimeSpan.FromDays(400 + i));
        }

        var chat = await host.OpenAsync();
        await chat.AddUserAsync("Eve");
        await chat.StartAsync();
        await chat.SayAsync("/events");
        var list = await chat.BotMessageAsync("Sandbox meetup");
        var listId = await list.GetAttributeAsync("id");
        var shown = await chat.BotMessages.CountAsync();

        await list.GetByRole(AriaRole.Button, new() { Name = "Later" }).ClickAsync();
        var paged = chat.Page.Locator($"#{listId}");
        await Expect(paged).ToContainTextAsync("Sandbox meetup 6");
        await Expect(paged).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("edited"));
        Assert.Equal(shown, await chat.BotMessages.CountAsync());

        await paged.GetByRole(AriaRole.Button, new() { Name = "Sandbox meetup 6" }).ClickAsync();
        var card = await chat.BotMessageAsync("I'm going");
        var cardId = await card.GetAttributeAsync("id");
        await card.GetByRole(AriaRole.Button, new() { Name = "I'm going" }).ClickAsync();
        var answered = chat.Page.Locator($"#{cardId}");
        await Expect(answered.GetByRole(AriaRole.Button, new() { Name = "✔️ I'm going" })).ToBeVisibleAsync();
        await Expect(answered).ToContainTextAsync("Going: 1");
    }

    [Fact]
    public async Task An_admin_member_creates_an_event_with_newevent()
    {
        var chat = await host.OpenAsync();
        await chat.AddUserAsync("Ada", admin: true);
        await chat.StartAsync();

        await chat.SayAsync("/newevent");
        await chat.BotMessageAsync("What is the event called?");
        await chat.SayAsync("Sandbox launch party");
        await chat.BotMessageAsync("When does it start?");
        await chat.SayAsync($"{DateTime.UtcNow.AddDays(30):yyyy-MM-dd} 19:00");
        await chat.BotMessageAsync("Where?");
        await chat.SayAsync("The lab");
        await chat.BotMessageAsync("Describe the event");
        await chat.SayAsync("Bring snacks.");
        var confirm = await chat.BotMessageAsync("Bring snacks.");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "✅ Save" }).ClickAsync();

        await chat.BotMessageAsync("Event created");
    }

    [Fact]
    public async Task A_member_who_is_not_an_admin_cannot_create_events()
    {
        var chat = await host.OpenAsync();
        await chat.AddUserAsync("Mallory");
        await chat.StartAsync();

        await chat.SayAsync("/newevent");

        await chat.BotMessageAsync("Only the community's admins");
    }
}
