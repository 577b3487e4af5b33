using Telegram.Bot;
using Uplink.Bot;

namespace Uplink.Features.Admin;

/// <summary><c>/broadcast</c> (admins): starts writing a message to the members.</summary>
internal sealed class BroadcastCommand(AdminAccess access, BroadcastWizard wizard) : IBotCommand
{
    public const string Name = "/broadcast";

    public async Task HandleAsync(BotContext context, CancellationToken ct)
    {
        if (await access.AllowedAsync(context, ct))
        {
            await wizard.StartAsync(context, ct);
        }
    }
}

/// <summary>The broadcast draft's buttons.</summary>
internal sealed class BroadcastDraftCommand(AdminAccess access, BroadcastWizard wizard) : IBotCommand
{
    public async Task HandleAsync(BotContext context, CancellationToken ct)
    {
        if (await access.AllowedAsync(context, ct))
        {
            await wizard.ButtonAsync(context, ct);
        }
    }
}

/// <summary>The progress message's buttons: <c>/bcast pause|resume|cancel {id}</c>; the message shows the new state at once.</summary>
internal sealed class BroadcastControlCommand(ITelegramBotClient bot, AdminAccess access, Broadcasts broadcasts) : IBotCommand
{
    public async Task HandleAsync(BotContext context, CancellationToken ct)
    {
        if (!await access.AllowedAsync(context, ct))
        {
            return;
        }

        var parts = context.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !long.TryParse(parts[1], out var id) || await broadcasts.FindAsync(id, ct) is null)
        {
            await bot.SendMessage(context.ChatId, context.T("Bot.StaleButton"), cancellationToken: ct);
            return;
        }

        await broadcasts.ControlAsync(id, parts[0], ct);
        var b = (await broadcasts.FindAsync(id, ct))!;
        await BroadcastProgress.EditAsync(bot, b, await broadcasts.CountsAsync(id, ct), context.Texts, ct);
    }
}

/// <summary>A message from an admin whose broadcast draft waits for one.</summary>
internal sealed class BroadcastTextHandler(BroadcastWizard wizard) : IBotTextHandler
{
    public Task<bool> TryHandleAsync(BotContext context, string text, CancellationToken ct) => wizard.MessageAsync(context, ct);
}
