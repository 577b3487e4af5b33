using System.Net;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Uplink.Bot;
using Uplink.Infrastructure.Auth;
using Uplink.Infrastructure.Data;
using Uplink.Infrastructure.Web;
using Uplink.Sandbox.BotApi;

namespace Uplink.Sandbox;

internal static class SandboxExtensions
{
    /// <summary>
    /// The sandbox changes nothing in the bot: it reaches it through the options alone, giving it a
    /// sandbox token, a Bot API at this host, its own database file and its admins.
    /// </summary>
    public static IServiceCollection AddSandbox(this IServiceCollection services)
    {
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.SectionName)
            .Configure<IConfiguration>((o, configuration) => o.ReadOtherSections(configuration))
            .ValidateDataAnnotations()
            .Validate(o => o.Enabled != true || !o.HasRealToken,
                "Sandbox:Enabled=true refuses to start with a real Telegram:BotToken: remove the token, or set Sandbox:Enabled=false to run the real bot.")
            .ValidateOnStart();
        services.AddSingleton<SandboxBot>();
        services.AddSingleton<SandboxUsers>();
        services.AddSingleton<SandboxChats>();
        services.AddTransient<SandboxAddress>();
        services.AddHttpClient(nameof(TelegramBotClient)).AddHttpMessageHandler<SandboxAddress>();

        services.AddOptions<BotOptions>().PostConfigure<IOptions<SandboxOptions>, IServiceProvider>((bot, sandbox, sp) =>
        {
            if (IsOn(sandbox))
            {
                bot.BotToken = sp.GetRequiredService<SandboxBot>().Token;
                bot.ApiBaseUrl = SandboxBot.PlaceholderBaseUrl;
                // The sandbox's server delivers no webhooks; polling its own host always works.
                bot.Mode = bot.Mode == BotMode.Webhook ? BotMode.Polling : bot.Mode;
            }
        });
        services.AddOptions<DatabaseOptions>().PostConfigure<IOptions<SandboxOptions>, DataDirectory>((database, sandbox, data) =>
        {
            // Only the default SQLite file is swapped; a configured database is used as configured
            // (the sandbox runs on one only when Sandbox:Enabled=true says so).
            if (IsOn(sandbox) && database.Provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(database.ConnectionString))
            {
                database.ConnectionString = $"Data Source={data.PathOf(sandbox.Value.DatabaseFile)}";
            }
        });
        services.AddOptions<AdminOptions>().PostConfigure<IOptions<SandboxOptions>, IServiceProvider>((admins, sandbox, sp) =>
        {
            if (IsOn(sandbox))
            {
                admins.TelegramIds = [.. admins.TelegramIds, .. sp.GetRequiredService<SandboxUsers>().All.Where(u => u.Admin).Select(u => u.Id)];
            }
        });
        return services;
    }

    /// <summary>
    /// Invalid sandbox settings count as off here: the sandbox's own validation stops the start and
    /// names the key, once, instead of every section that asked.
    /// </summary>
    private static bool IsOn(IOptions<SandboxOptions> sandbox)
    {
        try
        {
            return sandbox.Value.On;
        }
        catch (OptionsValidationException)
        {
            return false;
        }
    }

    /// <summary>Everything under <c>/sandbox</c> answers loopback clients only (unless Sandbox:AllowRemote), and serves its script.</summary>
    public static WebApplication UseSandbox(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value;
        if (!options.On)
        {
            return app;
        }

        app.UseWhen(c => c.Request.Path.StartsWithSegments("/sandbox"), sandbox =>
        {
            sandbox.Use((context, next) =>
            {
                if (options.AllowRemote || LocalClients.IsLocal(context))
                {
                    return next(context);
                }

                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            });
            sandbox.UseStaticFiles();
        });
        return app;
    }

    public static WebApplication MapSandbox(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value;
        if (options.On)
        {
            app.MapGroup(SandboxBot.Path).MapBotApi(app.Services.GetRequiredService<SandboxBot>().Server);
            app.MapSandboxApi();
            app.Logger.LogWarning("Sandbox mode: the bot talks to an embedded Bot API, not Telegram; chat with it at /sandbox");
        }

        return app;
    }
}
