using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Uplink.Sandbox.BotApi;

namespace Uplink.BenchTool;

/// <summary>
/// Members join as Telegram users would: each sends /start to the bot (queued for getUpdates), with
/// a profile photo for three in four and English or Russian as their app's language; a share of
/// them come through a referral link (/start UP-XXXXXX) of someone who joined before. A user
/// counts as registered once the bot's welcome, which carries their referral code, reached them.
/// </summary>
internal sealed partial class Registrations(BotApiServer server)
{
    private static readonly string[] FirstNames = ["Anna", "Boris", "Chloe", "Dmitri", "Elena", "Farid", "Grace", "Igor", "Julia", "Kirill"];

    // A JPEG's frame (start, JFIF header, end) padded to a small photo's size: Uplink stores and
    // serves the bytes, it never decodes them.
    private static readonly byte[] Photo = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, .. new byte[8 * 1024], 0xFF, 0xD9];

    [GeneratedRegex("<code>([^<]+)</code>")]
    private static partial Regex CodeTag();

    /// <summary>Registers <paramref name="count"/> users from Telegram id <paramref name="first"/> on; answers what happened.</summary>
    public async Task<JsonObject> RunAsync(long first, int count, double referralShare, CancellationToken ct)
    {
        var users = Enumerable.Range(0, count).Select(i => User(first + i, i)).ToList();
        var direct = count - (int)(count * referralShare);
        var codes = new Dictionary<long, string>();
        var since = server.Sequence;
        var clock = Stopwatch.StartNew();

        // Two waves: a referral link needs the code of someone already registered.
        await WaveAsync(users[..direct], _ => "/start", codes, since, ct);
        var referrers = codes.Values.ToArray();
        var random = new Random(15);
        await WaveAsync(users[direct..], _ => referrers.Length == 0 ? "/start" : "/start " + referrers[random.Next(referrers.Length)], codes, since, ct);
        var seconds = clock.Elapsed.TotalSeconds;

        return new JsonObject
        {
            ["sent"] = count,
            ["registered"] = codes.Count,
            ["referred"] = count - direct,
            ["photos"] = users.Count(u => HasPhoto(u.Id - first)),
            ["ru"] = users.Count(u => u.LanguageCode == "ru"),
            ["seconds"] = Math.Round(seconds, 2),
            ["codes"] = new JsonArray([.. users.Where(u => codes.ContainsKey(u.Id)).Select(u => (JsonNode)codes[u.Id])]),
        };
    }

    private BotApiUser User(long id, int i)
    {
        if (HasPhoto(i))
        {
            server.SetProfilePhoto(id, Photo);
        }

        return new BotApiUser(id, FirstNames[i % FirstNames.Length], i % 2 == 0 ? $"Member{i}" : null,
            i % 5 == 0 ? null : $"bench_user_{i}", i % 3 == 1 ? "ru" : "en");
    }

    private static bool HasPhoto(long i) => i % 4 != 3;

    /// <summary>Sends each user's /start at once and waits until each has its welcome (or the time is up).</summary>
    private async Task WaveAsync(List<BotApiUser> users, Func<BotApiUser, string> text, Dictionary<long, string> codes, long since, CancellationToken ct)
    {
        foreach (var user in users)
        {
            server.PushUpdate(new JsonObject { ["message"] = user.TextMessage(server.NextMessageId(), text(user)) });
        }

        var waiting = users.Select(u => u.Id).ToHashSet();
        // The bot sends about 30 messages a second by default (Telegram's limit), plus one per referral to the referrer.
        var deadline = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(60 + (users.Count / 10));
        while (waiting.Count > 0 && deadline.Elapsed < limit)
        {
            foreach (var message in server.Messages)
            {
                if (message.Sequence > since && waiting.Contains(message.ChatId) && message.Text is { } body &&
                    CodeTag().Match(body) is { Success: true } match)
                {
                    codes[message.ChatId] = match.Groups[1].Value;
                    waiting.Remove(message.ChatId);
                }
            }

            if (waiting.Count > 0)
            {
                await Task.Delay(50, ct);
            }
        }
    }
}
