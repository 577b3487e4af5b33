using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Uplink.Bot;
using System.Net;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Bot;

public sealed class BotOffTests
{
    [Fact]
    public async Task Without_a_token_the_bot_is_off_and_the_site_and_api_still_run()
    {
        await using var app = new UplinkApp(telegram: null);
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/users/UP-000000")).StatusCode);
        Assert.Single(app.Logs.GetSnapshot(), r => r.Message.Contains("the bot is off", StringComparison.Ordinal));
    }

    [Fact]
    public void A_malformed_token_is_refused_at_start_with_a_clear_message()
    {
        // The bot's own registrations with that setting; ValidateOnStart runs exactly this check when
        // the host starts. (Through a whole host, a failed start now and then surfaces as an
        // ObjectDisposedException from the factory's teardown instead of the validation error.)
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Telegram:BotToken"] = "not a token" }).Build())
            .AddTelegramBot()
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<BotOptions>>().Value);

        Assert.Contains("Telegram:BotToken must look like", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(services.GetServices<IStartupValidator>()); // registered with ValidateOnStart
    }
}
