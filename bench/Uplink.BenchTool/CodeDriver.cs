using System.Diagnostics;

namespace Uplink.BenchTool;

/// <summary>Issues and redeems access codes in pairs (service endpoint, then exchange), N workers at once.</summary>
internal static class CodeDriver
{
    public static async Task<int> RunAsync(Options options)
    {
        var baseUrl = new Uri(options.Get("base"));
        var key = options.Get("key");
        var workers = options.Int("concurrency", 64);
        var seconds = options.Int("seconds", 10);
        var firstUser = options.Int("first-user", (int)Seeder.FirstTelegramId);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = workers }) { BaseAddress = baseUrl };
        var latencies = new List<double>();
        var failures = 0;
        var deadline = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(async worker =>
        {
            // One member per worker: a member holds at most a few live codes.
            var userId = firstUser + worker;
            var mine = new List<double>();
            while (deadline.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                var started = Stopwatch.GetTimestamp();
                var code = await AccessCodes.IssueAsync(http, key, userId);
                if (await AccessCodes.RedeemAsync(http, code) is null)
                {
                    Interlocked.Increment(ref failures);
                }

                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return mine;
        }).ToList();
        foreach (var result in await Task.WhenAll(tasks))
        {
            latencies.AddRange(result);
        }

        Console.WriteLine(Percentiles.Summary("codes", latencies.Count, deadline.Elapsed, latencies) + $" failures={failures}");
        return failures == 0 ? 0 : 1;
    }
}
