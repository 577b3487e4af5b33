using Uplink.Sandbox.BotApi;

namespace Uplink.BenchTool;

/// <summary>
/// The product's own Bot API double (<see cref="BotApiServer"/>, the one the sandbox and the tests
/// run) on a server of its own, so Uplink meets Telegram's behaviour: long-polled getUpdates,
/// HTML checks, profile photos and files. On top: /stats counts the replies (sendMessage) that the
/// webhook driver waits for, and /bench/register has users send /start (<see cref="Registrations"/>).
/// </summary>
internal static class FakeBot
{
    public const string Token = "123456:BENCH-token";
    private static long _sent;

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new BotApiServer(new BotAccount(Token, 42, "bench_bot", "Bench"))
        {
            // Counted here rather than by listing the recorded calls, which grow with every run.
            Intercept = (method, _) =>
            {
                if (method.Equals("sendMessage", StringComparison.OrdinalIgnoreCase))
                {
                    Interlocked.Increment(ref _sent);
                }

                return Task.FromResult<IResult?>(null);
            },
        };
        var registrations = new Registrations(server);
        app.MapBotApi(server);
        app.MapGet("/stats", () => Results.Json(new { sendMessage = Interlocked.Read(ref _sent) }));
        app.MapPost("/reset", () => Interlocked.Exchange(ref _sent, 0));
        app.MapPost("/bench/register", async (long first, int count, double referrals, CancellationToken ct) =>
            Results.Text((await registrations.RunAsync(first, count, referrals, ct)).ToJsonString(), "application/json"));
        await app.RunAsync();
        return 0;
    }
}
