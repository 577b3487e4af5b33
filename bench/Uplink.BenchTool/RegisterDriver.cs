using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Uplink.BenchTool;

/// <summary>
/// Has the fake Bot API's users register by /start (<see cref="Registrations"/>), then checks each
/// new member through Uplink's public API (GET /api/users/{code}) and writes their referral codes.
/// </summary>
internal static class RegisterDriver
{
    public static async Task<int> RunAsync(Options options)
    {
        var fakeBot = new Uri(options.Get("fakebot"));
        var baseUrl = new Uri(options.Get("base"));
        var first = options.Int("first-user", 7_000_000);
        var count = options.Int("members", 200);
        var referrals = options.Int("referral-percent", 20) / 100.0;
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(15) };
        var query = string.Create(CultureInfo.InvariantCulture, $"/bench/register?first={first}&count={count}&referrals={referrals}");
        using var answer = await http.PostAsync(new Uri(fakeBot, query), null);
        answer.EnsureSuccessStatusCode();
        var result = await answer.Content.ReadFromJsonAsync<JsonElement>();
        var codes = result.GetProperty("codes").EnumerateArray().Select(c => c.GetString()!).ToList();

        var found = 0;
        await Parallel.ForEachAsync(codes, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (code, ct) =>
        {
            using var profile = await http.GetAsync(new Uri(baseUrl, "/api/users/" + code), ct);
            if (profile.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref found);
            }
        });
        await File.WriteAllLinesAsync(options.Get("out"), codes);

        var seconds = result.GetProperty("seconds").GetDouble();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"registered {found} of {count} by /start in {seconds:F1} s ({found / seconds:F1}/s): " +
            $"{result.GetProperty("photos")} with a photo, {result.GetProperty("ru")} ru / {count - result.GetProperty("ru").GetInt32()} en, " +
            $"{result.GetProperty("referred")} by a referral link; {found} found by GET /api/users/{{code}}"));
        return found == count ? 0 : 1;
    }
}
