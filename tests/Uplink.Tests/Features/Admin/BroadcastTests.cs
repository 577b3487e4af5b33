using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Telegram.Bot;
using Uplink.Features.Admin;
using Uplink.Features.Members;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Features.Admin;

/// <summary>
/// A broadcast to thousands of members through the whole sending stack (Telegram.Bot, the resilience
/// pipeline, flood control, HTTP to the fake Bot API) on a FakeTimeProvider moved a second at a time.
/// </summary>
/// <remarks>
/// 10,000 members, as a community's broadcast meets them: about 40 s alone on a 2-core machine (about
/// 120 ms per simulated second of sending), the longest test of the suite, run beside the others.
/// </remarks>
public sealed class BroadcastTests : IAsyncLifetime
{
    private const int Members = 10_000;
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly Recorder _recorder;
    private FakeBotApi _telegram = null!;
    private UplinkApp _app = null!;
    private string _data = null!;

    public BroadcastTests() => _recorder = new Recorder(_clock);

    public async ValueTask InitializeAsync()
    {
        _telegram = await FakeBotApi.StartAsync();
        _data = Directory.CreateTempSubdirectory("uplink-broadcast-").FullName;
        _app = Start();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _telegram.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Thousands_of_members_get_it_once_at_Telegrams_limits_through_pause_resume_and_a_restart()
    {
        var blocked = await SeedAsync();
        var id = await StartBroadcastAsync();

        await RunUntilAsync(() => _recorder.MemberSends >= Members / 5);
        Assert.True(await ControlAsync(id, "pause"));
        await SecondsAsync(2); // the batch in flight finishes
        var whilePaused = _recorder.MemberSends;
        await SecondsAsync(5);
        Assert.Equal(whilePaused, _recorder.MemberSends);
        Assert.True(await ControlAsync(id, "resume"));

        await RunUntilAsync(() => _recorder.MemberSends >= Members / 2);
        await RestartAsync();
        await RunUntilAsync(() => StatusAsync(id).Result == BroadcastStatus.Completed);
        await SecondsAsync(2); // the final report

        var perChat = _recorder.Sends.GroupBy(s => s.ChatId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Members, perChat.Count);
        Assert.All(perChat, p => Assert.Equal(1, p.Value)); // nobody twice, nobody skipped
        var counts = await CountsAsync(id);
        Assert.Equal((Members - blocked.Count, blocked.Count, 0, 0, 0), (counts.Sent, counts.Blocked, counts.Failed, counts.Unconfirmed, counts.Left));
        Assert.All(_recorder.All.GroupBy(c => c.At), second => Assert.True(second.Count() <= 30, $"{second.Count()} calls at {second.Key}"));
        Assert.All(_recorder.All.GroupBy(c => c.ChatId), chat => Assert.All(chat.Zip(chat.Skip(1)), pair =>
            Assert.True(pair.Second.At - pair.First.At >= TimeSpan.FromSeconds(1), $"two messages to {chat.Key} within a second"))); // per chat
        var report = _telegram.Messages.Last(m => m.ChatId == UplinkApp.AdminTelegramId).Plain;
        Assert.Contains("done", report);
        Assert.Contains($"{Members - blocked.Count} delivered, {blocked.Count} blocked the bot", report);
    }

    private UplinkApp Start()
    {
        var app = new UplinkApp(_telegram, new Dictionary<string, string?>
        {
            ["Telegram:Mode"] = "None",
            ["Telegram:MessagesPerSecond"] = "30",
            ["Telegram:ChatMessageInterval"] = "00:00:01",
            ["Broadcasts:PollInterval"] = "00:00:01",
            ["Broadcasts:ProgressInterval"] = "00:00:05",
        }, _data, _clock, services => services.AddHttpClient(nameof(TelegramBotClient)).ConfigurePrimaryHttpMessageHandler(() => _recorder));
        app.StartServer();
        return app;
    }

    /// <summary>Stops the host mid-broadcast (moving the clock so that the batch in flight can finish) and starts another on the same database.</summary>
    private async Task RestartAsync()
    {
        var stopping = _app.DisposeAsync().AsTask();
        while (!stopping.IsCompleted)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(stopping, Task.Delay(20));
        }

        await stopping;
        // A new process starts seconds later, never in the second the old one last sent in: its flood
        // control knows nothing of those sends, so an instant restart could put 30 more in that second.
        _clock.Advance(TimeSpan.FromSeconds(1));
        _app = Start();
    }

    private async Task<HashSet<long>> SeedAsync()
    {
        var blocked = new HashSet<long>();
        await _app.QueryAsync(async db =>
        {
            for (var i = 0; i < Members; i++)
            {
                var telegramId = 800_000_000L + i;
                db.Members.Add(new Member
                {
                    TelegramUserId = telegramId, FirstName = $"M{i}", ReferralCode = $"UP-B{i:D5}", LanguageCode = "en",
                    CreatedAt = _clock.GetUtcNow(), UpdatedAt = _clock.GetUtcNow(),
                });
                if (i % 97 == 5)
                {
                    blocked.Add(telegramId);
                }
            }

            return await db.SaveChangesAsync();
        });
        _recorder.Blocked = blocked;
        return blocked;
    }

    private async Task<long> StartBroadcastAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var broadcasts = scope.ServiceProvider.GetRequiredService<Broadcasts>();
        var bot = scope.ServiceProvider.GetRequiredService<ITelegramBotClient>();
        var progress = await bot.SendMessage(UplinkApp.AdminTelegramId, "starting");
        var b = await broadcasts.CreateAsync(UplinkApp.AdminTelegramId, "<b>Hello</b> everyone", null, null, CancellationToken.None);
        await broadcasts.SetProgressMessageAsync(b.Id, progress.MessageId, CancellationToken.None);
        return b.Id;
    }

    private async Task<bool> ControlAsync(long id, string action)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Broadcasts>().ControlAsync(id, action, CancellationToken.None);
    }

    private async Task<DeliveryCounts> CountsAsync(long id)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Broadcasts>().CountsAsync(id, CancellationToken.None);
    }

    private Task<BroadcastStatus> StatusAsync(long id) =>
        _app.QueryAsync(db => db.Broadcasts.Where(b => b.Id == id).Select(b => b.Status).SingleAsync());

    /// <summary>Moves the clock a second at a time, each time once the second's 30 sends went out (or nothing more is coming).</summary>
    private async Task RunUntilAsync(Func<bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!done())
        {
            var target = _recorder.Count + 30;
            var idle = 0;
            while (_recorder.Count < target && idle < 40)
            {
                var before = _recorder.Count;
                await Task.Delay(5, timeout.Token);
                idle = _recorder.Count == before ? idle + 1 : 0;
            }

            _clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private async Task SecondsAsync(int seconds)
    {
        for (var i = 0; i < seconds; i++)
        {
            await Task.Delay(100);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        await Task.Delay(100);
    }

    /// <summary>
    /// In front of the fake Bot API: records every message and edit with the fake clock's time, and
    /// answers 403 for members who blocked the bot, as Telegram does.
    /// </summary>
    private sealed class Recorder(TimeProvider clock) : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly ConcurrentQueue<(string Method, long ChatId, DateTimeOffset At)> _calls = new();

        public HashSet<long> Blocked { get; set; } = [];

        public int Count => _calls.Count;

        public List<(string Method, long ChatId, DateTimeOffset At)> All => [.. _calls];

        public List<(string Method, long ChatId, DateTimeOffset At)> Sends =>
            [.. _calls.Where(c => c.Method == "sendMessage" && c.ChatId != UplinkApp.AdminTelegramId)];

        public int MemberSends => _calls.Count(c => c.Method == "sendMessage" && c.ChatId != UplinkApp.AdminTelegramId);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var method = request.RequestUri!.Segments[^1];
            if (method is not ("sendMessage" or "editMessageText"))
            {
                return await base.SendAsync(request, ct);
            }

            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(ct))!;
            var chat = (long)body["chat_id"]!;
            _calls.Enqueue((method, chat, clock.GetUtcNow()));
            return Blocked.Contains(chat)
                ? new HttpResponseMessage(HttpStatusCode.Forbidden)
                {
                    Content = new StringContent("""{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}""", Encoding.UTF8, "application/json"),
                }
                : await base.SendAsync(request, ct);
        }
    }
}
