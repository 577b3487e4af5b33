using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Uplink.Bot;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Bot;

/// <summary>
/// The one sender every Bot API call goes through, on a FakeTimeProvider: waits are checked
/// against the fake clock, never against the wall clock.
/// </summary>
public sealed class TelegramSenderTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly StubTelegram _telegram;
    private readonly SignallingLogger _log = new();
    private readonly RecordingBlockedHandler _blocked = new();
    private readonly FloodControl _flood;
    private readonly HttpMessageInvoker _invoker;

    public TelegramSenderTests() : this(new BotOptions()) { }

    private TelegramSenderTests(BotOptions options)
    {
        options.BotToken = FakeBotApi.Token;
        var wrapped = Options.Create(options);
        _telegram = new StubTelegram(_time);
        _flood = new FloodControl(wrapped, _time);
        _invoker = new HttpMessageInvoker(new TelegramSender(_flood, [_blocked], wrapped, Uplink.Tests.Infrastructure.Observability.TestMetrics.Create(), _time, _log) { InnerHandler = _telegram });
    }

    public void Dispose()
    {
        _invoker.Dispose();
        _flood.Dispose();
    }

    [Fact]
    public async Task A_429_waits_retry_after_and_then_sends_the_same_message_exactly_once_more()
    {
        _telegram.Answers.Enqueue(() => StubTelegram.Json(429, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}"""));
        var start = _time.GetUtcNow();

        var sending = Send("sendMessage", 42);
        await _log.WaitForAsync(1);
        _time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.Single(_telegram.Calls);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        var response = await sending;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _telegram.Calls.Count);
        Assert.Equal(start + TimeSpan.FromSeconds(3), _telegram.Calls[1].At);
        Assert.Equal(_telegram.Calls[0].Body, _telegram.Calls[1].Body);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_growing_delays()
    {
        _telegram.Answers.Enqueue(() => StubTelegram.Json(502, """{"ok":false,"error_code":502,"description":"Bad Gateway"}"""));
        _telegram.Answers.Enqueue(() => StubTelegram.Json(503, """{"ok":false,"error_code":503,"description":"Service Unavailable"}"""));

        var sending = Send("sendMessage", 42);
        await _log.WaitForAsync(1);
        _time.Advance(TimeSpan.FromSeconds(1.1)); // first retry after 1 s ±10 %
        await _log.WaitForAsync(2);
        _time.Advance(TimeSpan.FromSeconds(2.2)); // second after 2 s ±10 %
        var response = await sending;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, _telegram.Calls.Count);
        Assert.InRange(_telegram.Calls[1].At - _telegram.Calls[0].At, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(1.1));
        Assert.InRange(_telegram.Calls[2].At - _telegram.Calls[1].At, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(2.2));
    }

    [Fact]
    public async Task A_403_reports_the_chat_as_blocked_and_is_not_retried()
    {
        _telegram.Answers.Enqueue(() => StubTelegram.Json(403, """{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"""));

        var response = await Send("sendMessage", 42);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Single(_telegram.Calls);
        Assert.Equal((42L, "Forbidden: bot was blocked by the user"), Assert.Single(_blocked.Chats));
    }

    [Fact]
    public async Task Messages_to_one_chat_are_a_second_apart_while_other_chats_do_not_wait()
    {
        var start = _time.GetUtcNow();
        await Send("sendMessage", 1);
        var second = Send("sendMessage", 1);
        await Send("sendPhoto", 2);
        await Send("answerCallbackQuery", null);

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(3, _telegram.Calls.Count);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await second;

        Assert.Equal(start + TimeSpan.FromSeconds(1), _telegram.Calls.Single(c => c.Body.Contains("\"chat_id\":1", StringComparison.Ordinal) && c.At > start).At);
    }

    [Fact]
    public async Task A_group_gets_at_most_twenty_messages_a_minute()
    {
        var start = _time.GetUtcNow();
        for (var i = 0; i < 20; i++)
        {
            var sent = Send("sendMessage", -100);
            _time.Advance(TimeSpan.FromSeconds(1)); // the per-chat second
            await sent;
        }

        var twentyFirst = Send("sendMessage", -100);
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
            await Send("sendMessage", chat);
        }

        var thirtyFirst = Send("sendMessage", 31);
        Assert.Equal(30, _telegram.Calls.Count);
        _time.Advance(TimeSpan.FromSeconds(1));
        await thirtyFirst;

        Assert.Equal(start + TimeSpan.FromSeconds(1), _telegram.Calls[30].At);
    }

    [Fact]
    public async Task GetUpdates_is_neither_limited_nor_retried_here_but_times_out_when_it_hangs()
    {
        _telegram.Answers.Enqueue(() => StubTelegram.Json(502, """{"ok":false,"error_code":502,"description":"Bad Gateway"}"""));
        Assert.Equal(HttpStatusCode.BadGateway, (await Send("getUpdates", null)).StatusCode);

        _telegram.Hang = true;
        var hanging = Send("getUpdates", null);
        _time.Advance(new BotOptions().GetUpdatesTimeout);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => hanging);
        Assert.Contains("getUpdates", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeBotApi.Token, error.Message, StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> Send(string method, long? chatId) =>
        _invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"https://api.telegram.org/bot{FakeBotApi.Token}/{method}")
        {
            Content = chatId is { } id ? JsonContent.Create(new { chat_id = id, text = "hi" }) : JsonContent.Create(new { }),
        }, CancellationToken.None);

    private sealed class StubTelegram(TimeProvider time) : HttpMessageHandler
    {
        public Queue<Func<HttpResponseMessage>> Answers { get; } = new();

        public List<(string Method, string Body, DateTimeOffset At)> Calls { get; } = [];

        public bool Hang { get; set; }

        public static HttpResponseMessage Json(int status, string body) =>
            new((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(ct);
            lock (Calls)
            {
                Calls.Add((request.RequestUri!.Segments[^1], body, time.GetUtcNow()));
            }

            if (Hang)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }

            return Answers.TryDequeue(out var answer) ? answer() : Json(200, """{"ok":true,"result":true}""");
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

    /// <summary>Lets the test wait for the sender's warnings: each is logged once its retry timer exists.</summary>
    private sealed class SignallingLogger : ILogger<TelegramSender>
    {
        private readonly System.Threading.Channels.Channel<LogLevel> _warnings = System.Threading.Channels.Channel.CreateUnbounded<LogLevel>();
        private int _seen;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                _warnings.Writer.TryWrite(logLevel);
            }
        }

        public async Task WaitForAsync(int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            for (; _seen < count; _seen++)
            {
                await _warnings.Reader.ReadAsync(timeout.Token);
            }
        }
    }
}
