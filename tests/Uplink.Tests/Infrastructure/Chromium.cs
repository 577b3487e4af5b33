using Microsoft.Playwright;

namespace Uplink.Tests.Infrastructure;

/// <summary>Debian's Chromium (<c>/usr/bin/chromium</c>), headless, as every browser test drives it.</summary>
public static class Chromium
{
    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = Flags });
}
