using System.Security.Cryptography;
using Uplink.Sandbox.BotApi;

namespace Uplink.Sandbox;

/// <summary>The sandbox's Bot API server and its bot account, one per process.</summary>
internal sealed class SandboxBot
{
    /// <summary>Where the bot is told its Bot API lives; <see cref="SandboxAddress"/> turns it into <see cref="Path"/> on this host.</summary>
    public static readonly Uri PlaceholderBaseUrl = new("http://uplink-sandbox.invalid/");

    /// <summary>Where the sandbox maps its Bot API in this host.</summary>
    public const string Path = "/sandbox/botapi";

    public SandboxBot(TimeProvider time)
    {
        // Shaped like a bot token, so nothing downstream treats it specially, yet plainly not one.
        var token = "0:SANDBOX-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        Server = new BotApiServer(new BotAccount(token, 0, "uplink_sandbox_bot", "Uplink Sandbox")) { Clock = time };
        // The bot keeps its polling offset in the database across restarts, while this server
        // starts afresh: ids counted from a clock stay above any offset an earlier run confirmed.
        Server.StartUpdateIdsAt((int)(time.GetUtcNow() - new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)).TotalSeconds);
    }

    public BotApiServer Server { get; }

    public string Token => Server.Account.Token;
}
