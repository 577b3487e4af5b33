using Microsoft.Playwright;
using Uplink.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Uplink.Tests.Sandbox;

/// <summary>The site-started login (<c>/login</c>) approved in the sandbox chat, in one browser, as in Telegram.</summary>
[Collection(nameof(SandboxHost))]
public sealed class SandboxLoginTests(SandboxHost host)
{
    [Fact]
    public async Task A_login_started_on_the_site_is_approved_in_the_sandbox_chat_and_lands_on_me_as_that_member()
    {
        await using var browser = await host.Browser.NewContextAsync();
        var refusals = new List<string>();
        browser.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                refusals.Add(message.Text);
            }
        };
        var chat = await host.OpenAsync(browser);
        await chat.AddUserAsync("Lena");
        await chat.StartAsync();

        var site = await browser.NewPageAsync();
        site.SetDefaultTimeout(30_000);
        await site.GotoAsync($"{host.BaseUrl}/login");
        var matchCode = (await site.TextContentAsync("#match-code"))!.Trim();
        await Expect(site.Locator("#open-bot")).ToHaveCountAsync(0); // t.me leads nowhere from the sandbox
        var opened = await browser.RunAndWaitForPageAsync(() => site.ClickAsync("#open-sandbox"));
        opened.SetDefaultTimeout(30_000);
        var confirmChat = new SandboxPage(opened);

        // The chat opens as the member played last, and the bot asks which code the site shows.
        await Expect(opened.Locator("#user option:checked")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Lena "));
        var confirm = await confirmChat.BotMessageAsync("Chrome on Linux");
        await confirm.GetByRole(AriaRole.Button, new() { Name = matchCode, Exact = true }).ClickAsync();
        await confirmChat.BotMessageAsync("that browser is logged in");

        await BrowserHost.ArrivesAtAsync(site, $"{host.BaseUrl}/me");
        Assert.Equal("Lena", (await site.TextContentAsync("#name"))?.Trim());
        Assert.Empty(refusals);
    }

    [Fact]
    public async Task The_landing_page_sends_visitors_to_the_sandbox_chat_rather_than_to_telegram()
    {
        var page = await host.Browser.NewPageAsync();
        await page.GotoAsync(host.BaseUrl);

        var open = page.GetByRole(AriaRole.Link, new() { Name = "Open the sandbox chat" });
        await Expect(open).ToHaveAttributeAsync("href", "/sandbox");
        await Expect(page.Locator("a[href^='https://t.me/']")).ToHaveCountAsync(0);
    }
}
