using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Uplink.Tests.Sandbox;

/// <summary>The sandbox chat page, driven as a person would: add a member, type, press buttons.</summary>
public sealed partial class SandboxPage(IPage page)
{
    public IPage Page => page;

    /// <summary>Adds a member and starts playing them (their chat is empty).</summary>
    public async Task AddUserAsync(string name, string language = "en", bool admin = false)
    {
        await page.FillAsync("#new-name", name);
        await page.SelectOptionAsync("#new-language", language);
        await page.SetCheckedAsync("#new-admin", admin);
        await page.ClickAsync("#add-user");
        await Expect(page.Locator("#user option:checked")).ToHaveTextAsync(new Regex($"^{Regex.Escape(name)} "));
        await Expect(page.Locator("#text")).ToBeEnabledAsync();
    }

    public async Task PlayAsync(string name)
    {
        var option = page.Locator("#user option", new() { HasTextRegex = new Regex($"^{Regex.Escape(name)} ") });
        await page.SelectOptionAsync("#user", (await option.GetAttributeAsync("value"))!);
    }

    public async Task SayAsync(string text)
    {
        await page.FillAsync("#text", text);
        await page.PressAsync("#text", "Enter");
    }

    /// <summary>The bot's last message containing <paramref name="text"/>, once it is shown.</summary>
    public async Task<ILocator> BotMessageAsync(string text)
    {
        var message = page.Locator(".msg.bot", new() { HasTextString = text }).Last;
        await Expect(message).ToBeVisibleAsync();
        return message;
    }

    public ILocator BotMessages => page.Locator(".msg.bot");

    /// <summary>Registers the member played with /start and returns their referral code.</summary>
    public async Task<string> StartAsync()
    {
        await SayAsync("/start");
        var welcome = await BotMessageAsync("UP-");
        return Code().Match(await welcome.InnerTextAsync()).Value;
    }

    [GeneratedRegex("UP-[A-Z0-9]{6}")]
    private static partial Regex Code();
}
