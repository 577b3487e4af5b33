using System.Text.Json.Nodes;

namespace Uplink.BenchTool;

/// <summary>
/// The Bot API as far as the benchmark needs it: every call succeeds at once, and /stats counts the
/// replies (sendMessage) so that the webhook driver knows when all updates were handled.
/// </summary>
internal static class FakeBot
{
    private static long _sent;

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/stats", () => Results.Json(new { sendMessage = Interlocked.Read(ref _sent) }));
        app.MapPost("/reset", () => Interlocked.Exchange(ref _sent, 0));
        app.Map("/bot{token}/{method}", async (string method, HttpContext http) =>
        {
            JsonNode result = method.ToLowerInvariant() switch
            {
                "getme" => new JsonObject { ["id"] = 42, ["is_bot"] = true, ["first_name"] = "Bench", ["username"] = "bench_bot" },
                "getupdates" => await IdleAsync(http.RequestAborted),
                "sendmessage" or "sendphoto" or "editmessagetext" => Message(Interlocked.Increment(ref _sent)),
                "getuserprofilephotos" => new JsonObject { ["total_count"] = 0, ["photos"] = new JsonArray() },
                _ => true,
            };
            return Results.Text(new JsonObject { ["ok"] = true, ["result"] = result }.ToJsonString(), "application/json");
        });
        await app.RunAsync();
        return 0;
    }

    private static async Task<JsonNode> IdleAsync(CancellationToken aborted)
    {
        // Nobody talks to the bot by polling in the benchmark.
        await Task.Delay(TimeSpan.FromSeconds(25), aborted).ContinueWith(_ => { }, TaskScheduler.Default);
        return new JsonArray();
    }

    private static JsonObject Message(long id) => new()
    {
        ["message_id"] = id,
        ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["chat"] = new JsonObject { ["id"] = 1, ["type"] = "private" },
        ["text"] = "ok",
    };
}
