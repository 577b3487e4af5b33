using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace Uplink.Bot;

internal static class BotExtensions
{
    public static IServiceCollection AddTelegramBot(this IServiceCollection services)
    {
        services.AddOptions<BotOptions>()
            .BindConfiguration(BotOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => BotOptions.IsWellFormedToken(o.BotToken),
                "Telegram:BotToken must look like 123456789:AAE… (as given by @BotFather).")
            .Validate(o => o.ReconnectInitialDelay <= o.ReconnectMaxDelay,
                "Telegram:ReconnectInitialDelay must not exceed Telegram:ReconnectMaxDelay.")
            .Validate(o => BotOptions.IsWellFormedSecret(o.WebhookSecret),
                "Telegram:WebhookSecret must be 1–256 characters of A–Z, a–z, 0–9, _ and -.")
            .Validate(o => o.ApiBaseUrl.IsAbsoluteUri && o.ApiBaseUrl.Scheme is "http" or "https",
                "Telegram:ApiBaseUrl must be an absolute http(s) URL.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotOptions>, WebhookUrlRule>();

        // One TelegramBotClient on the configured Bot API server. Resolving it with no token
        // fails, so only code that runs while the bot is on asks for it.
        services.AddTransient<TelegramSender>();
        services.AddHttpClient(nameof(TelegramBotClient))
            // The default HTTP logging writes request URLs, and Bot API URLs contain the token.
            .RemoveAllLoggers()
            // The pipeline times each attempt out itself; the client's timeout would also cut
            // short a wait for Telegram's retry_after.
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler<TelegramSender>()
            .AddTelegramResilience()
            .AddTypedClient<ITelegramBotClient>((http, sp) =>
            {
                var options = sp.GetRequiredService<IOptions<BotOptions>>().Value;
                if (string.IsNullOrWhiteSpace(options.BotToken))
                {
                    throw new InvalidOperationException("The bot is off: Telegram:BotToken is not set.");
                }

                // RetryCount 0: the resilience pipeline is the one retry policy (flood limits, 429, 5xx).
                var client = new TelegramBotClient(
                    new TelegramBotClientOptions(options.BotToken, options.ApiBaseUrl.ToString()) { RetryCount = 0 }, http);
                client.OnMakingApiRequest += TelegramCall.NameChat;
                return client;
            });

        services.AddBotTexts();
        services.AddSingleton<FloodControl>();
        services.AddSingleton<BotIdentity>();
        services.AddSingleton<BotStatus>();
        services.AddSingleton<UpdateWorkers>();
        services.AddSingleton<WebhookSecret>();
        services.AddSingleton<WebhookInbox>();
        services.AddSingleton<WebhookJournal>();
        services.AddScoped<BotStore>();
        services.AddTransient<BotMenu>();
        services.AddTransient<OffsetKeeper>();
        services.AddScoped<UpdateDispatcher>();
        services.AddHostedService<BotHost>();
        services.AddHealthChecks().AddCheck<BotHealthCheck>("bot", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// Registers a command (or button) under its name; a listed one has its line in the bot's menu
    /// and /help, the text <c>Command.{name}</c> of the resources.
    /// </summary>
    public static IServiceCollection AddBotCommand<TCommand>(this IServiceCollection services, string name, bool listed = true)
        where TCommand : class, IBotCommand
    {
        services.AddKeyedScoped<IBotCommand, TCommand>(name);
        services.AddSingleton(new BotCommandDescription(name, listed));
        return services;
    }

    /// <summary>The texts of the bot (and of the site and API where they share them): <c>Resources/Texts.&lt;language&gt;.resx</c> through IStringLocalizer.</summary>
    public static IServiceCollection AddBotTexts(this IServiceCollection services) => services
        .AddLocalization(o => o.ResourcesPath = BotLanguages.ResourcesPath)
        .AddSingleton<BotLanguages>();

    /// <summary>Registers a handler offered plain text before the bot falls back to /help.</summary>
    public static IServiceCollection AddBotTextHandler<THandler>(this IServiceCollection services)
        where THandler : class, IBotTextHandler =>
        services.AddScoped<IBotTextHandler, THandler>();
}
