using System.Net;
using Telegram.Bot.Types;

namespace Uplink.Bot;

/// <summary>
/// One bot command or button. Registered keyed by its name (<c>/profile</c>); an inline button
/// whose callback data is that name runs the same command.
/// </summary>
internal interface IBotCommand
{
    Task HandleAsync(BotContext context, CancellationToken ct);
}

/// <summary>What a command needs to know about the update that invoked it.</summary>
internal sealed record BotContext(Update Update, User From, long ChatId, string Command, string Arguments)
{
    /// <summary>Set when the command runs from an inline button.</summary>
    public CallbackQuery? Callback { get; init; }

    /// <summary>The sender's texts, in the language chosen from their Telegram <c>language_code</c>.</summary>
    public required BotTexts Texts { get; init; }

    /// <summary>The sender's text under <paramref name="key"/> (<c>Resources/Texts.*.resx</c>), filled with <paramref name="arguments"/>.</summary>
    public string T(string key, params object[] arguments) => Texts[key, arguments];

    /// <summary>Escapes user-provided text for <see cref="Telegram.Bot.Types.Enums.ParseMode.Html"/>.</summary>
    public static string Html(string? text) => WebUtility.HtmlEncode(text ?? "");
}

/// <summary>A command's entry in the bot's menu (setMyCommands) and /help; its text is <c>Command.{name}</c> in the resources.</summary>
internal sealed record BotCommandDescription(string Name, bool Listed = true)
{
    public string Describe(BotTexts texts) => texts["Command." + Name.TrimStart('/')];
}
