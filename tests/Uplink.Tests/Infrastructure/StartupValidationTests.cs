using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Uplink.Bot;
using Uplink.Infrastructure.Auth;
using Uplink.Infrastructure.Caching;
using Uplink.Infrastructure.Data;
using Uplink.Infrastructure.Web;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Infrastructure;

/// <summary>Every setting is checked before the service starts, and a refusal names the key to fix.</summary>
public sealed class StartupValidationTests
{
    private const string Webhook = "Telegram:Mode=Webhook";
    private const string Token = "Telegram:BotToken=" + FakeBotApi.Token;

    [Theory]
    [InlineData("Auth:SigningKey", "Auth:SigningKey=only-31-bytes-long-not-enough!!")]
    [InlineData("Telegram:ApiBaseUrl", "Telegram:ApiBaseUrl=/bot-api")]
    [InlineData("ConnectionStrings:Redis", "ConnectionStrings:Redis=localhost:6379,connectTimeoutt=5")]
    [InlineData("ConnectionStrings:Database", "ConnectionStrings:Database=Data Sorce=uplink.db")]
    [InlineData("ConnectionStrings:Database", "Database:Provider=Postgres", "ConnectionStrings:Database=Hots=db;Username=uplink")]
    [InlineData("Site:PublicUrl", Webhook, Token, "Site:PublicUrl=http://uplink.example.org")]
    [InlineData("Site:PublicUrl", Webhook, Token, "Site:PublicUrl=https://localhost")]
    [InlineData("Site:PublicUrl", Webhook, Token, "Site:PublicUrl=https://203.0.113.7")]
    [InlineData("Site:PublicUrl", Webhook, Token, "Site:PublicUrl=https://uplink.example.org:5001")]
    [InlineData("Site:WebAppUrl", "Site:WebAppUrl=ftp://community.example")]
    [InlineData("Cors:AllowedOrigins", "Cors:AllowedOrigins:0=https://community.example/login")]
    [InlineData("Proxy:KnownProxies", "Proxy:KnownProxies=nginx")]
    [InlineData("Proxy:KnownNetworks", "Proxy:KnownNetworks=10.0.0.0/33")]
    [InlineData("StartupTimeout", "Database:StartupTimeout=02:00:00")]
    [InlineData("PollingLeaseTimeout", "Telegram:PollingLeaseTimeout=00:00:00")]
    public void A_bad_setting_stops_the_start_with_a_message_naming_the_key(string key, params string[] settings)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Validate(settings));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Webhook_mode_names_why_telegram_cannot_reach_the_public_url()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Validate(Webhook, Token, "Site:PublicUrl=http://uplink.example.org"));

        Assert.Contains("Telegram:Mode=Webhook", error.Message, StringComparison.Ordinal);
        Assert.Contains("is not https", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("Auth:SigningKey=exactly-32-bytes-long-is-enough!")]
    [InlineData("ConnectionStrings:Redis=localhost:6379,abortConnect=false")]
    [InlineData("ConnectionStrings:Database=Data Source=uplink.db;Cache=Shared")]
    [InlineData(Webhook, Token, "Site:PublicUrl=https://uplink.example.org")]
    [InlineData("Site:WebAppUrl=https://community.example", "Cors:AllowedOrigins:0=https://community.example")]
    [InlineData(Webhook, Token, "Site:PublicUrl=https://uplink.example.org:8443/community")]
    // A local Bot API server delivers webhooks to any URL; the tests' webhook host relies on it.
    [InlineData(Webhook, Token, "Telegram:ApiBaseUrl=http://127.0.0.1:8081", "Site:PublicUrl=http://localhost:5080")]
    // Without a token the bot is off, whatever the mode.
    [InlineData(Webhook, "Site:PublicUrl=http://localhost:5080")]
    [InlineData("Proxy:KnownProxies=127.0.0.1,::1", "Proxy:KnownNetworks=172.16.0.0/12,10.0.0.0/8")]
    public void Good_settings_pass(params string[] settings) => Validate(settings);

    [Fact]
    public async Task A_host_with_a_short_signing_key_does_not_start()
    {
        await using var app = new UplinkApp(telegram: null, new Dictionary<string, string?> { ["Auth:SigningKey"] = "short" });

        // The validation error itself is asserted above: through a whole host, a failed start now and
        // then surfaces as an ObjectDisposedException from the factory's teardown instead.
        Assert.ThrowsAny<Exception>(() => app.StartServer());
    }

    /// <summary>The registrations that own these settings; the host runs exactly this validation before it starts anything.</summary>
    private static void Validate(params string[] settings)
    {
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(settings.Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => (string?)p[1])).Build())
            .AddLogging()
            .AddUplinkWeb()
            .AddUplinkCors()
            .AddUplinkProxy()
            .AddUplinkData()
            .AddUplinkCaching()
            .AddUplinkAuth()
            .AddTelegramBot()
            .BuildServiceProvider();

        services.GetRequiredService<IStartupValidator>().Validate();
    }
}
