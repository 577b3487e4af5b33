using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Telegram.Bot;
using Uplink.Bot;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Infrastructure;

/// <summary>
/// Commands only tests register: <c>/echo N</c> answers "echo N", so every reply names the update
/// it answers; <c>/block</c> holds its lane until the test opens the <see cref="Gate"/>.
/// </summary>
internal static class TestCommands
{
    public static void Add(IServiceCollection services)
    {
        services.AddBotCommand<EchoCommand>("/echo", listed: false);
        services.AddBotCommand<BlockCommand>("/block", listed: false);
        services.AddSingleton<Gate>();
    }

    /// <summary>Each echo reply's number, per chat, in the order the fake server received them.</summary>
    public static Dictionary<long, List<int>> EchoesByChat(this FakeBotApi telegram) =>
        telegram.Messages.Where(m => m.Text?.StartsWith("echo ", StringComparison.Ordinal) == true)
            .OrderBy(m => m.Sequence)
            .GroupBy(m => m.ChatId)
            .ToDictionary(g => g.Key, g => g.Select(m => int.Parse(m.Text!["echo ".Length..], CultureInfo.InvariantCulture)).ToList());

    public static int EchoCount(this IReadOnlyList<SentMessage> messages) =>
        messages.Count(m => m.Text?.StartsWith("echo ", StringComparison.Ordinal) == true);

    public sealed class Gate
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public void Open() => _open.TrySetResult();

        public async Task PassAsync(CancellationToken ct)
        {
            _entered.TrySetResult();
            await _open.Task.WaitAsync(ct);
        }
    }

    private sealed class EchoCommand(ITelegramBotClient bot) : IBotCommand
    {
        public Task HandleAsync(BotContext context, CancellationToken ct) =>
            bot.SendMessage(context.ChatId, $"echo {context.Arguments}", cancellationToken: ct);
    }

    private sealed class BlockCommand(ITelegramBotClient bot, Gate gate) : IBotCommand
    {
        public async Task HandleAsync(BotContext context, CancellationToken ct)
        {
            await gate.PassAsync(ct);
            await bot.SendMessage(context.ChatId, "unblocked", cancellationToken: ct);
        }
    }
}

internal static class BotStatusWaits
{
    /// <summary>Waits (on the status's change signal, not by polling) until the bot's state matches.</summary>
    public static async Task<BotStatusSnapshot> WaitForAsync(this BotStatus status, Func<BotStatusSnapshot, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var changed = status.WhenChanged;
            if (status.Current is var current && match(current))
            {
                return current;
            }

            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The bot's state stayed {status.Current}.");
            }
        }
    }
}
