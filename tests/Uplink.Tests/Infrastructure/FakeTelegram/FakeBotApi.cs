using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Uplink.Sandbox.BotApi;

namespace Uplink.Tests.Infrastructure.FakeTelegram;

/// <summary>
/// The product's Bot API double (<see cref="BotApiServer"/>, the one the sandbox runs) on a server
/// of its own at 127.0.0.1, with what tests add on top: injectable errors (429 with retry_after,
/// 409, 502, dropped and hanging connections), webhook delivery and waits on what the bot sent.
/// Tests drive it as users would, through <see cref="TelegramUser"/>.
/// </summary>
public sealed partial class FakeBotApi : IAsyncDisposable
{
    public const string Token = "123456789:TEST-fake_token_for_uplink-tests";
    public const long BotId = 123456789;
    public const string BotUsername = "uplink_test_bot";

    private readonly WebApplication _app;
    private readonly BotApiServer _server = new(new BotAccount(Token, BotId, BotUsername, "Uplink Test"));
    private readonly Lock _gate = new();
    private readonly List<Fault> _faults = [];
    private long _nextUserId = 700_000_000;

    private FakeBotApi(WebApplication app)
    {
        _app = app;
        _server.Intercept = FaultAsync;
        _server.Deliver = TryDeliver;
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Where receive times come from; a test on a FakeTimeProvider shares it with the host.</summary>
    public TimeProvider Clock
    {
        get => _server.Clock;
        set => _server.Clock = value;
    }

    /// <summary>Update ids the bot has confirmed (by asking getUpdates for a higher offset).</summary>
    public int ConfirmedUpdateCount => _server.ConfirmedUpdateCount;

    public static async Task<FakeBotApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBotApi(app);
        app.MapBotApi(fake._server);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single();
        fake.BaseUrl = new Uri(address);
        return fake;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public TelegramUser NewUser(string firstName, string? languageCode = "en", string? lastName = null, string? username = null)
    {
        var id = Interlocked.Increment(ref _nextUserId);
        return new TelegramUser(this, id, firstName, lastName, username, languageCode);
    }

    // ---- what tests push ----

    /// <summary>Queues an update for getUpdates; its update_id is assigned here and returned.</summary>
    public int PushUpdate(JsonObject update) => _server.PushUpdate(update);

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> fail like Telegram would.</summary>
    public void FailNext(string method, int statusCode, string description, int? retryAfter = null, int times = 1) =>
        AddFault(new Fault(method, FaultKind.Error, statusCode, description, retryAfter, times));

    /// <summary>The next call of <paramref name="method"/> gets half an answer, then the connection is dropped.</summary>
    public void DropNext(string method, int times = 1) => AddFault(new Fault(method, FaultKind.Drop, 0, "", null, times));

    /// <summary>The next call of <paramref name="method"/> gets no answer until the bot gives up on it (or a minute passes).</summary>
    public void HangNext(string method, int times = 1) => AddFault(new Fault(method, FaultKind.Hang, 504, "Gateway Timeout", null, times));

    /// <summary>The next call of <paramref name="method"/> is answered only once <paramref name="until"/> completes.</summary>
    public void HoldNext(string method, Task until) => AddFault(new Fault(method, FaultKind.Hold, 0, "", null, 1) { Until = until });

    public void SetProfilePhoto(long userId, byte[] jpeg) => _server.SetProfilePhoto(userId, jpeg);

    // ---- what tests read ----

    public long Sequence => _server.Sequence;

    public IReadOnlyList<SentMessage> Messages => [.. _server.Messages.Select(SentMessage.From)];

    public IReadOnlyList<BotApiCall> Calls(string method) => [.. _server.Calls(method).Select(BotApiCall.From)];

    public int PendingUpdateCount => _server.PendingUpdateCount;

    /// <summary>Waits until the messages sent so far satisfy <paramref name="condition"/>.</summary>
    public Task WaitUntilAsync(Func<IReadOnlyList<SentMessage>, bool> condition, TimeSpan? timeout = null, string what = "the expected messages") =>
        WaitForAsync((messages, _) => messages.Select(SentMessage.From).ToList() is var all && condition(all) ? all : null, timeout, what);

    /// <summary>Waits until a sent message matches, or fails the test with what was sent instead.</summary>
    public Task<SentMessage> WaitForMessageAsync(Func<SentMessage, bool> match, TimeSpan? timeout = null) =>
        WaitForAsync((messages, _) => messages.Select(SentMessage.From).FirstOrDefault(match), timeout, "a matching message");

    public Task<BotApiCall> WaitForCallAsync(string method, Func<BotApiCall, bool>? match = null, TimeSpan? timeout = null) =>
        WaitForAsync((_, calls) => calls.Where(c => c.Method == method).Select(BotApiCall.From).FirstOrDefault(c => match?.Invoke(c) ?? true),
            timeout, $"a call of {method}");

    private async Task<T> WaitForAsync<T>(Func<IReadOnlyList<BotApiMessage>, IReadOnlyList<BotApiRequest>, T?> find, TimeSpan? timeout, string what)
        where T : class
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        try
        {
            return await _server.WaitForAsync(find, cts.Token);
        }
        catch (OperationCanceledException)
        {
            var recent = string.Join("\n", Messages.TakeLast(5).Select(m => $"  {m.Method} to {m.ChatId}: {m.Plain}"));
            throw new TimeoutException($"The bot sent no {what}. Last messages:\n{recent}");
        }
    }

    private void AddFault(Fault fault)
    {
        lock (_gate)
        {
            _faults.Add(fault);
        }
    }

    private enum FaultKind
    {
        Error,
        Drop,
        Hang,
        Hold,
    }

    private sealed record Fault(string Method, FaultKind Kind, int StatusCode, string Description, int? RetryAfter, int Times)
    {
        public int Times { get; set; } = Times;

        public Task? Until { get; init; }
    }
}
