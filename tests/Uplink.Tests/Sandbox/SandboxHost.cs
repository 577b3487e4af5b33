using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Uplink.Sandbox;
using Uplink.Tests.Infrastructure;

namespace Uplink.Tests.Sandbox;

/// <summary>
/// Uplink as a newcomer starts it — no bot token, so the sandbox is on by default — on Kestrel at
/// 127.0.0.1, and one Chromium for the collection's tests.
/// </summary>
public sealed class SandboxHost : IAsyncLifetime
{
    private IPlaywright _playwright = null!;

    public UplinkApp App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var port = Ports.Free();
        BaseUrl = $"http://127.0.0.1:{port}";
        App = new UplinkApp(telegram: null, new Dictionary<string, string?>
        {
            ["Site:PublicUrl"] = BaseUrl,
            // Unset, as on a fresh machine: no token turns the sandbox on.
            ["Sandbox:Enabled"] = "",
        });
        App.UseKestrel(port);
        App.StartServer();
        // The bot is ready once it has registered its commands with the sandbox's Bot API.
        using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await App.Services.GetRequiredService<SandboxBot>().Server
            .WaitForAsync((_, calls) => calls.FirstOrDefault(c => c.Method == "setMyCommands"), ready.Token);
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>
    /// A fresh tab on <c>/sandbox</c>, once its script has loaded the sandbox's people: in a browser of
    /// its own, or in <paramref name="browser"/> beside its other tabs.
    /// </summary>
    public async Task<SandboxPage> OpenAsync(IBrowserContext? browser = null)
    {
        var page = browser is null ? await Browser.NewPageAsync() : await browser.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync($"{BaseUrl}/sandbox");
        await page.WaitForSelectorAsync("#sandbox[data-ready=true]");
        return new SandboxPage(page);
    }
}

[CollectionDefinition(nameof(SandboxHost))]
public sealed class SandboxHostCollection : ICollectionFixture<SandboxHost>;
