using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Uplink.Sandbox;

namespace Uplink.Pages.Sandbox;

/// <summary><c>/sandbox</c>: chat with the bot as any number of made-up people, without Telegram.</summary>
internal sealed class IndexModel(IOptions<SandboxOptions> sandbox, SandboxBot bot) : PageModel
{
    public string BotUsername => bot.Server.Account.Username;

    /// <summary>Opens the chat on a bot deep link's payload: the page sends <c>/start payload</c> as the member played.</summary>
    public static string StartLink(string payload) => $"/sandbox?start={Uri.EscapeDataString(payload)}";

    public IActionResult OnGet() => sandbox.Value.On ? Page() : NotFound();
}
