using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Uplink.Tests.Infrastructure.FakeTelegram;

/// <summary>
/// A Bot API server on 127.0.0.1 that behaves like Telegram's for what Uplink calls: long-polling
/// getUpdates with offsets, sendMessage with Telegram's HTML and button checks, sendPhoto as
/// multipart, callbacks, files, and injectable errors (429 with retry_after, 409, 502).
/// Tests drive it as users would, through <see cref="TelegramUser"/>.
/// </summary>
public sealed partial class FakeBotApi : IAsyncDisposable
{
    public const string Token = "123456789:TEST-fake_token_for_uplink-tests";
    public const long BotId = 123456789;
    public const string BotUsername = "uplink_test_bot";

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<JsonObject> _pendingUpdates = [];
    private readonly List<BotApiCall> _calls = [];
    private readonly List<SentMessage> _messages = [];
    private readonly List<Fault> _faults = [];
    private readonly Dictionary<long, List<(string FileId, string UniqueId)>> _profilePhotos = [];
    private readonly Dictionary<string, (string Path, byte[] Bytes)> _files = [];
    private TaskCompletionSource _updatesArrived = NewSignal();
    private TaskCompletionSource _changed = NewSignal();
    private long _sequence;
    private int _nextUpdateId = 1;
    private int _nextMessageId = 1;
    private long _nextUserId = 700_000_000;

    private FakeBotApi(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Where receive times come from; a test on a FakeTimeProvider shares it with the host.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Update ids the bot has confirmed (by asking getUpdates for a higher offset).</summary>
    public int ConfirmedUpdateCount { get; private set; }

    public static async Task<FakeBotApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBotApi(app);
        app.Map("/bot{token}/{method}", fake.HandleAsync);
        app.MapGet("/file/bot{token}/{**path}", fake.DownloadFile);
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
    public int PushUpdate(JsonObject update)
    {
        lock (_gate)
        {
            var id = _nextUpdateId++;
            update["update_id"] = id;
            if (!TryDeliver(update))
            {
                _pendingUpdates.Add(update);
                Pulse(ref _updatesArrived);
            }

            return id;
        }
    }

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> fail like Telegram would.</summary>
    public void FailNext(string method, int statusCode, string description, int? retryAfter = null, int times = 1)
    {
        lock (_gate)
        {
            _faults.Add(new Fault(method, FaultKind.Error, statusCode, description, retryAfter, times));
        }
    }

    /// <summary>The next call of <paramref name="method"/> gets half an answer, then the connection is dropped.</summary>
    public void DropNext(string method, int times = 1)
    {
        lock (_gate)
        {
            _faults.Add(new Fault(method, FaultKind.Drop, 0, "", null, times));
        }
    }

    /// <summary>The next call of <paramref name="method"/> gets no answer until the bot gives up on it (or a minute passes).</summary>
    public void HangNext(string method, int times = 1)
    {
        lock (_gate)
        {
            _faults.Add(new Fault(method, FaultKind.Hang, 504, "Gateway Timeout", null, times));
        }
    }

    public void SetProfilePhoto(long userId, byte[] jpeg)
    {
        lock (_gate)
        {
            var n = _files.Count + 1;
            var fileId = $"AgACAgIAAxk-photo-{userId}-{n}";
            var uniqueId = $"AQADphoto{userId}x{n}";
            _files[fileId] = ($"photos/file_{n}.jpg", jpeg);
            if (!_profilePhotos.TryGetValue(userId, out var photos))
            {
                _profilePhotos[userId] = photos = [];
            }

            photos.Insert(0, (fileId, uniqueId));
        }
    }

    // ---- what tests read ----

    public long Sequence => Interlocked.Read(ref _sequence);

    public IReadOnlyList<SentMessage> Messages
    {
        get { lock (_gate) { return [.. _messages]; } }
    }

    public IReadOnlyList<BotApiCall> Calls(string method)
    {
        lock (_gate) { return _calls.Where(c => c.Method == method).ToList(); }
    }

    public int PendingUpdateCount
    {
        get { lock (_gate) { return _pendingUpdates.Count; } }
    }

    /// <summary>Waits until the messages sent so far satisfy <paramref name="condition"/>.</summary>
    public Task WaitUntilAsync(Func<IReadOnlyList<SentMessage>, bool> condition, TimeSpan? timeout = null, string what = "the expected messages") =>
        WaitForAsync(() => condition(_messages) ? _messages : null, timeout, what);

    /// <summary>Waits until a sent message matches, or fails the test with what was sent instead.</summary>
    public Task<SentMessage> WaitForMessageAsync(Func<SentMessage, bool> match, TimeSpan? timeout = null) =>
        WaitForAsync(() => _messages.FirstOrDefault(match), timeout, "a matching message");

    public Task<BotApiCall> WaitForCallAsync(string method, Func<BotApiCall, bool>? match = null, TimeSpan? timeout = null) =>
        WaitForAsync(() => _calls.FirstOrDefault(c => c.Method == method && (match?.Invoke(c) ?? true)), timeout, $"a call of {method}");

    private async Task<T> WaitForAsync<T>(Func<T?> find, TimeSpan? timeout, string what)
        where T : class
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (find() is { } found)
                {
                    return found;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                var recent = string.Join("\n", Messages.TakeLast(5).Select(m => $"  {m.Method} to {m.ChatId}: {m.Plain}"));
                throw new TimeoutException($"The bot sent no {what}. Last messages:\n{recent}");
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void Pulse(ref TaskCompletionSource signal)
    {
        var previous = signal;
        signal = NewSignal();
        previous.TrySetResult();
    }

    private enum FaultKind
    {
        Error,
        Drop,
        Hang,
    }

    private sealed record Fault(string Method, FaultKind Kind, int StatusCode, string Description, int? RetryAfter, int Times)
    {
        public int Times { get; set; } = Times;
    }
}
