using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Uplink.Bot;
using Uplink.Infrastructure.Auth;
using Uplink.Infrastructure.Data;
using Uplink.Infrastructure.Web;
using Uplink.Sandbox;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Sandbox;

/// <summary>When the sandbox runs, what it changes, and who may use it.</summary>
public sealed class SandboxModeTests
{
    [Fact]
    public void Enabling_the_sandbox_beside_a_real_looking_token_refuses_to_start_naming_the_key()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            Resolve<SandboxOptions>("Sandbox:Enabled=true", "Telegram:BotToken=" + FakeBotApi.Token));

        Assert.Contains("Sandbox:Enabled", error.Message, StringComparison.Ordinal);
        Assert.Contains("Telegram:BotToken", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false, "Telegram:BotToken=" + FakeBotApi.Token)]
    [InlineData(false, "Database:Provider=Postgres", "ConnectionStrings:Database=Host=db;Username=uplink")]
    [InlineData(false, "ConnectionStrings:Database=Data Source=members.db")]
    [InlineData(false, "Sandbox:Enabled=false")]
    [InlineData(true, "Sandbox:Enabled=true", "ConnectionStrings:Database=Data Source=try.db")]
    public void The_sandbox_is_on_by_default_only_without_a_token_or_a_configured_database(bool on, params string[] settings) =>
        Assert.Equal(on, Resolve<SandboxOptions>(settings).On);

    [Fact]
    public void In_the_sandbox_the_bot_gets_a_sandbox_token_and_the_data_their_own_file()
    {
        Assert.StartsWith("0:SANDBOX-", Resolve<BotOptions>().BotToken, StringComparison.Ordinal);
        Assert.EndsWith("sandbox.db", Resolve<DatabaseOptions>().ConnectionString, StringComparison.Ordinal);
        Assert.Null(Resolve<DatabaseOptions>("Telegram:BotToken=" + FakeBotApi.Token).ConnectionString);
    }

    [Theory]
    [InlineData("/sandbox")]
    [InlineData("/sandbox/api/users")]
    [InlineData("/sandbox/botapi/bot0:SANDBOX-x/getMe")]
    [InlineData("/sandbox/sandbox.js")]
    public async Task Remote_clients_get_403_from_the_sandbox(string path)
    {
        await using var app = RemoteHost(IPAddress.Parse("203.0.113.7"));
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Loopback_clients_and_remote_ones_when_allowed_reach_the_sandbox()
    {
        await using var local = RemoteHost(IPAddress.Loopback);
        await using var allowed = RemoteHost(IPAddress.Parse("203.0.113.7"), ("Sandbox:AllowRemote", "true"));

        Assert.Equal(HttpStatusCode.OK, (await local.CreateClient().GetAsync("/sandbox")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await allowed.CreateClient().GetAsync("/sandbox/api/users")).StatusCode);
    }

    /// <summary>The sandbox on a test server whose every request comes from <paramref name="address"/>.</summary>
    private static UplinkApp RemoteHost(IPAddress address, params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["Sandbox:Enabled"] = "true", ["Telegram:Mode"] = "None" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new UplinkApp(telegram: null, all, services: s => s.AddSingleton<IStartupFilter>(new FromAddress(address)));
    }

    private sealed class FromAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    /// <summary>The options as the host builds them, validated as at start.</summary>
    private static T Resolve<T>(params string[] settings)
        where T : class
    {
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(settings.Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => (string?)p[1])).Build())
            .AddSingleton<IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = Path.GetTempPath() })
            .AddSingleton(TimeProvider.System)
            .AddLogging()
            .AddUplinkWeb()
            .AddUplinkData()
            .AddUplinkAuth()
            .AddTelegramBot()
            .AddSandbox()
            .BuildServiceProvider();
        services.GetRequiredService<IStartupValidator>().Validate();
        return services.GetRequiredService<IOptions<T>>().Value;
    }
}
