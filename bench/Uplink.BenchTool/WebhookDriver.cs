using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Uplink.BenchTool;

/// <summary>
/// POSTs N updates to the webhook from C chats, then waits until the fake Bot API has received a
/// reply to each: updates per second from the first post to the last reply.
/// </summary>
internal static class WebhookDriver
{
    public static async Task<int> RunAsync(Options options)
    {
        var target = new Uri(options.Get("target"));
        var fakeBot = new Uri(options.Get("fakebot"));
        var secret = options.Get("secret");
        var updates = options.Int("updates", 5000);
        var chats = options.Int("chats", 100);
        var workers = options.Int("concurrency", 64);
        var firstId = options.Int("first-id", 1);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = workers });
        await http.PostAsync(new Uri(fakeBot, "/reset"), null);

        var next = -1;
        var refused = 0;
        var redelivered = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < updates)
            {
                // Like Telegram: an update refused with 429/503 (queue full) is delivered again shortly.
                for (var attempt = 0; ; attempt++)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent(Update(firstId + i, i % chats), Encoding.UTF8, "application/json") };
                    request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
                    using var response = await http.SendAsync(request);
                    if (response.IsSuccessStatusCode)
                    {
                        break;
                    }

                    if ((int)response.StatusCode is not (429 or 503) || attempt >= 1000)
                    {
                        Interlocked.Increment(ref refused);
                        break;
                    }

                    Interlocked.Increment(ref redelivered);
                    await Task.Delay(10);
                }
            }
        }));
        var posted = clock.Elapsed;

        long replies = 0;
        while (clock.Elapsed < TimeSpan.FromMinutes(2) && (replies = await RepliesAsync(http, fakeBot)) < updates - refused)
        {
            await Task.Delay(5);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(FormattableString.Invariant(
            $"webhook {replies / seconds:F0}/s updates={updates} replies={replies} refused={refused} redelivered={redelivered} posted_in={posted.TotalSeconds:F2}s handled_in={seconds:F2}s"));
        return replies >= updates ? 0 : 1;
    }

    private static async Task<long> RepliesAsync(HttpClient http, Uri fakeBot) =>
        (await http.GetFromJsonAsync<JsonElement>(new Uri(fakeBot, "/stats"))).GetProperty("sendMessage").GetInt64();

    private static string Update(int updateId, int chat)
    {
        var user = Seeder.FirstTelegramId + chat;
        return $$$"""
            {"update_id":{{{updateId}}},"message":{"message_id":{{{updateId}}},"date":{{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}},"chat":{"id":{{{user}}},"type":"private"},"from":{"id":{{{user}}},"is_bot":false,"first_name":"Bench","language_code":"en"},"text":"/help","entities":[{"type":"bot_command","offset":0,"length":5}]}}
            """;
    }
}
