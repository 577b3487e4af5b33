using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Uplink.Bot;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Bot;

/// <summary>
/// The one sender every Bot API call goes through (Telegram.Bot's client on the app's HttpClient
/// and resilience pipeline, as registered), on a FakeTimeProvider: waits are checked against the
/// fake clock, never against the wall clock.
/// </summary>
public sealed class TelegramSenderTests : IDisposable
{
    private readonly SenderClock _time = new(DateTimeOffset.UtcNow);
    private readonly StubTelegram _telegram;
    private readonly RecordingBlockedHandler _blocked = new();
    private readonly ServiceProvider _services;
    private readonly ITelegramBotClient _bot;

    public TelegramSenderTests()
    {
        _telegram = new StubTelegram(_time);
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(_time))
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton(Uplink.Tests.Infrastructure.Observability.TestMetrics.Create())
            .AddSingleton<IChatBlockedHandler>(_blocked)
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Telegram:BotToken"] = FakeBotApi.Token })
                .Build());
        services.AddTelegramBot();
        services.AddHttpClient(nameof(TelegramBotClient)).ConfigurePrimaryHttpMessageHandler(() => _telegram);
        _services = services.BuildServiceProvider();
        _bot = _services.GetRequiredService<ITelegramBotClient>();
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task A_429_waits_retry_after_and_then_sends_the_same_message_exactly_once_more()
    {
        _telegram.Answers.Enqueue(() => StubTelegram.Json(429, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}"""));
        var start = _time.GetUtcNow();

        var sending = _bot.SendMessage(42, "hi");
        await _time.WaitForRetryTimerAsync(1);
        _time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.Single(_telegram.Calls);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        await sending;

        Assert.Equal(2, _telegram.Calls.Count);
        Assert.Equal(start + TimeSpan.FromSeconds(3), _telegram.Calls[1].At);
        Assert.Equal(_telegram.Calls[0].Body, _telegram.Calls[1].Body);
        var warning = Assert.Single(_time.Warnings);
        Assert.Equal("Telegram answered 429 to sendMessage: sending again in 00:00:03 (retry 1)", warning);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_growing_delays()
    {
        _telegram.Answers.Enqueue(() => StubTelegram.Json(502, """{"ok":false,"error_code":502,"description":"Bad Gateway"}"""));
        _telegram.Answers.Enqueue(() => StubTelegram.Json(503, """{"ok":false,"error_code":503,"description":"Service Unavailable"}"""));

        var sending = _bot.SendMessage(42, "hi");
        await _time.WaitForRetryTimerAsync(1);
        _time.Advance(TimeSpan.FromSeconds(1.1)); // first retry after 1 s ±10 %
        await _time.WaitForRetryTimerAsync(2);
        _time.Advance(TimeSpan.FromSeconds(2.2)); // second after 2 s ±10 %
        await sending;

        Assert.Equal(3, _telegram.Calls.Count);
        Assert.InRange(_telegram.Calls[1].At - _telegram.Calls[0].At, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(1.1));
        Assert.InRange(_telegram.Calls[2].At - _telegram.Calls[1].At, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(2.2));
    }

    [Fact]
    public async Task Server_errors_are_given_up_after_three_retries()
    {
        for (var i = 0; i < 5; i++)
        {
            _telegram.Answers.Enqueue(() => StubTelegram.Json(500, """{"ok":false,"error_code":500,"description":"Internal Server Error"}"""));
        }

        var sending = _bot.SendMessage(42, "hi");
        for (var retry = 1; retry <= TelegramResilience.MaxServerErrorRetries; retry++)
        {
            await _time.WaitForRetryTimerAsync(retry);
            _time.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(500, (await Assert.ThrowsAsync<ApiRequestException>(() => sending)).ErrorCode);
        Assert.Equal(1 + TelegramResilience.MaxServerErrorRetries, _telegram.Calls.Count);
    }

    [Fact]
    public async Task A_403_reports_the_chat_as_blocked_and_is_not_retried()
    {
        _telegram.Answers.Enqueue(() => StubTelegram.Json(403, """{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"""));

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.SendMessage(42, "hi"));

        Assert.Equal(403, error.ErrorCode);
        Assert.Single(_telegram.Calls);
        Assert.Equal((42L, "Forbidden: bot was blocked by the user"), Assert.Single(_blocked.Chats));
    }

    [Fact]
    public async Task Messages_to_one_chat_are_a_second_apart_while_other_chats_do_not_wait()
    {
        var start = _time.GetUtcNow();
        await _bot.SendMessage(1, "hi");
        var second = _bot.SendMessage(1, "hi");
        await _bot.SendPhoto(2, Photo());
        await _bot.AnswerCallbackQuery("query");

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(3, _telegram.Calls.Count);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await second;

        Assert.Equal(start + TimeSpan.FromSeconds(1), _telegram.Calls.Last(c => c.Method == "sendMessage").At);
    }

    [Fact]
    public async Task An_upload_waits_for_the_chat_its_caller_named_although_its_body_is_a_multipart_form()
    {
        var start = _time.GetUtcNow();
        await _bot.SendMessage(7, "hi");

        var photo = _bot.SendPhoto(7, Photo());
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Single(_telegram.Calls);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await photo;

        Assert.Equal(("sendPhoto", start + TimeSpan.FromSeconds(1)), (_telegram.Calls[1].Method, _telegram.Calls[1].At));
        Assert.StartsWith("multipart/form-data", _telegram.Calls[1].MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_gets_at_most_twenty_messages_a_minute()
    {
        var start = _time.GetUtcNow();
        for (var i = 0; i < 20; i++)
        {
            var sent = _bot.SendMessage(-100, "hi");
            _time.Advance(TimeSpan.FromSeconds(1)); // the per-chat second
            await sent;
        }

        var twentyFirst = _bot.SendMessage(-100, "hi");
        _time.Advance(start + TimeSpan.FromSeconds(59.9) - _time.GetUtcNow());
        Assert.Equal(20, _telegram.Calls.Count);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        await twentyFirst;

        Assert.Equal(start + TimeSpan.FromMinutes(1), _telegram.Calls[20].At);
    }

    [Fact]
    public async Task At_most_thirty_messages_a_second_go_out_overall()
    {
        var start = _time.GetUtcNow();
        for (var chat = 1; chat <= 30; chat++)
        {
            await _bot.SendMessage(chat, "hi");
        }

        var thirtyFirst = _bot.SendMessage(31, "hi");
        Assert.Equal(30, _telegram.Calls.Count);
        _time.Advance(TimeSpan.FromSeconds(1));
        await thirtyFirst;

        Assert.Equal(start + TimeSpan.FromSeconds(1), _telegram.Calls[30].At);
    }

    [Fact]
    public async Task GetUpdates_is_neither_limited_nor_retried_here_but_times_out_when_it_hangs()
    {
        _telegram.Answers.Enqueue(() => StubTelegram.Json(502, """{"ok":false,"error_code":502,"description":"Bad Gateway"}"""));
        Assert.Equal(502, (await Assert.ThrowsAsync<ApiRequestException>(() => _bot.GetUpdates())).ErrorCode);
        Assert.Single(_telegram.Calls);

        _telegram.Hang = true;
        var hanging = _bot.GetUpdates();
        await _telegram.WaitForCallsAsync(2);
        _time.Advance(new BotOptions().GetUpdatesTimeout);

        var error = await Assert.ThrowsAsync<RequestException>(() => hanging);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Contains("getUpdates", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeBotApi.Token, error.ToString(), StringComparison.Ordinal);
    }

    private static InputFile Photo() => InputFile.FromStream(new MemoryStream([0xFF, 0xD8, 0xFF, 0xD9]), "photo.jpg");

    private sealed class StubTelegram(TimeProvider time) : HttpMessageHandler
    {
        private const string Sent = """{"ok":true,"result":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"}}}""";
        private readonly SemaphoreSlim _called = new(0);

        public Queue<Func<HttpResponseMessage>> Answers { get; } = new();

        public List<(string Method, string Body, string? MediaType, DateTimeOffset At)> Calls { get; } = [];

        public bool Hang { get; set; }

        public static HttpResponseMessage Json(int status, string body) =>
            new((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

        public async Task WaitForCallsAsync(int count)
        {
            while (Calls.Count < count)
            {
                Assert.True(await _called.WaitAsync(TimeSpan.FromSeconds(15)), $"expected {count} calls");
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var method = request.RequestUri!.Segments[^1];
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(ct);
            lock (Calls)
            {
                Calls.Add((method, body, request.Content?.Headers.ContentType?.MediaType, time.GetUtcNow()));
            }

            _called.Release();
            if (Hang)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }

            return Answers.TryDequeue(out var answer) ? answer()
                : method.StartsWith("send", StringComparison.Ordinal) ? Json(200, Sent)
                : method == "getUpdates" ? Json(200, """{"ok":true,"result":[]}""")
                : Json(200, """{"ok":true,"result":true}""");
        }

        protected override void Dispose(bool disposing)
        {
            _called.Dispose();
            base.Dispose(disposing);
        }
    }

    private sealed class RecordingBlockedHandler : IChatBlockedHandler
    {
        public List<(long ChatId, string Reason)> Chats { get; } = [];

        public Task ChatBlockedAsync(long chatId, string reason, CancellationToken ct)
        {
            Chats.Add((chatId, reason));
            return Task.CompletedTask;
        }
    }
}
