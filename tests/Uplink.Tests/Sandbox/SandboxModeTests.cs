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
        await using var app = SandboxHost();
        using var client = app.CreateClient();

        using var response = await client.SendAsync(From("203.0.113.7", path));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_request_a_local_proxy_forwarded_is_not_a_local_client()
    {
        await using var app = SandboxHost();
        using var client = app.CreateClient();
        using var forwarded = From("127.0.0.1", "/sandbox");
        forwarded.Headers.Add("X-Forwarded-For", "203.0.113.7");

        using var response = await client.SendAsync(forwarded);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Loopback_clients_and_remote_ones_when_allowed_reach_the_sandbox()
    {
        await using var local = SandboxHost();
        await using var allowed = SandboxHost(("Sandbox:AllowRemote", "true"));

        Assert.Equal(HttpStatusCode.OK, (await local.CreateClient().SendAsync(From("127.0.0.1", "/sandbox"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await allowed.CreateClient().SendAsync(From("203.0.113.7", "/sandbox/api/users"))).StatusCode);
    }

    /// <summary>A request as the test server's <see cref="FakeRemoteAddress"/> sees it coming from <paramref name="address"/>.</summary>
    private static HttpRequestMessage From(string address, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(FakeRemoteAddress.Header, address);
        return request;
    }

    private static UplinkApp SandboxHost(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["Sandbox:Enabled"] = "true", ["Telegram:Mode"] = "None" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new UplinkApp(telegram: null, all);
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
