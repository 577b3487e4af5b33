using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Uplink.Bot;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Bot;

/// <summary>
/// Polling through network faults, on the real backoff schedule (5 s, 10 s, 20 s, …) driven by a
/// FakeTimeProvider: the test moves the clock exactly when the bot says it is waiting.
/// </summary>
public sealed class PollingRecoveryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private FakeBotApi _telegram = null!;
    private UplinkApp _app = null!;

    private BotStatus Status => _app.Services.GetRequiredService<BotStatus>();

    public async ValueTask InitializeAsync()
    {
        _telegram = await FakeBotApi.StartAsync();
        _telegram.Clock = _time;
        _app = new UplinkApp(_telegram, new Dictionary<string, string?>
        {
            ["Telegram:ReconnectInitialDelay"] = "00:00:05",
            ["Telegram:ReconnectMaxDelay"] = "00:05:00",
            ["Telegram:MaxReconnectAttempts"] = "6",
        }, services: s =>
        {
            s.AddSingleton<TimeProvider>(_time);
            TestCommands.Add(s);
        });
        _app.StartServer();
        await Status.WaitForAsync(s => s.State == BotState.Receiving);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _telegram.DisposeAsync();
    }

    [Fact]
    public async Task After_502s_dropped_connections_and_a_hang_the_bot_recovers_on_schedule_and_handles_each_update_once()
    {
        _telegram.FailNext("getUpdates", 502, "Bad Gateway");
        _telegram.DropNext("getUpdates");
        _telegram.HangNext("getUpdates");
        _telegram.FailNext("getUpdates", 502, "Bad Gateway");

        // 1st failure: 502 → 5 s. Updates sent while the bot is away must all arrive, once.
        await ExpectBackoffAsync(failures: 1, nominalSeconds: 5);
        await AssertReadinessAsync("BackingOff");
        var users = Enumerable.Range(1, 5).Select(i => _telegram.NewUser($"User{i}")).ToList();
        foreach (var (user, i) in users.Select((u, i) => (u, i)))
        {
            user.Push($"/echo {i}");
        }

        _time.Advance(Status.Current.NextAttempt!.Value - _time.GetUtcNow());
        await ExpectBackoffAsync(failures: 2, nominalSeconds: 10); // dropped connection

        var before = _telegram.Calls("getUpdates").Count;
        _time.Advance(Status.Current.NextAttempt!.Value - _time.GetUtcNow());
        await _telegram.WaitForCallAsync("getUpdates", c => c.Sequence > 0 && _telegram.Calls("getUpdates").Count > before);
        _time.Advance(new BotOptions { PollingTimeoutSeconds = 1 }.GetUpdatesTimeout); // the hanging call times out
        await ExpectBackoffAsync(failures: 3, nominalSeconds: 20);

        _time.Advance(Status.Current.NextAttempt!.Value - _time.GetUtcNow());
        await ExpectBackoffAsync(failures: 4, nominalSeconds: 40); // 502 again

        _time.Advance(Status.Current.NextAttempt!.Value - _time.GetUtcNow());
        await _telegram.WaitUntilAsync(m => m.EchoCount() >= users.Count);
        await Status.WaitForAsync(s => s.State == BotState.Receiving);

        var echoes = _telegram.EchoesByChat();
        Assert.All(users.Select((u, i) => (u, i)), x => Assert.Equal([x.i], echoes[x.u.Id]));
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Contains(_app.Logs.GetSnapshot(), r => r.Message.Contains($"(attempt {attempt})", StringComparison.Ordinal) &&
                r.Message.Contains("next attempt in", StringComparison.Ordinal));
        }

        await AssertReadinessAsync("Receiving");

        // A success resets the schedule: the next failure waits 5 s again.
        _telegram.FailNext("getUpdates", 500, "Internal Server Error");
        users[0].Push("/echo 100");
        await ExpectBackoffAsync(failures: 1, nominalSeconds: 5);
        _time.Advance(Status.Current.NextAttempt!.Value - _time.GetUtcNow());
        await _telegram.WaitUntilAsync(m => m.EchoCount() == users.Count + 1);
    }

    [Fact]
    public async Task A_conflict_is_retried_quickly_for_one_long_poll_then_reported_loudly_and_retried_slowly()
    {
        _telegram.SetWebhookByHand("https://elsewhere.example.org/hook");
        var since = _time.GetUtcNow();

        var conflict = await Status.WaitForAsync(s => s.State == BotState.Conflict);
        var window = new BotOptions { PollingTimeoutSeconds = 1 }.ConflictWindow;
        while (_time.GetUtcNow() - since < window)
        {
            Assert.InRange(conflict.NextAttempt!.Value - _time.GetUtcNow(), TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(7.5));
            var previous = conflict.NextAttempt;
            _time.Advance(conflict.NextAttempt!.Value - _time.GetUtcNow());
            conflict = await Status.WaitForAsync(s => s.State == BotState.Conflict && s.NextAttempt != previous);
        }

        Assert.InRange(conflict.NextAttempt!.Value - _time.GetUtcNow(), TimeSpan.FromMinutes(4.5), TimeSpan.FromMinutes(5));
        var loud = Assert.Single(_app.Logs.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Error);
        Assert.Contains("Stop the other instance", loud.Message, StringComparison.Ordinal);
        await AssertReadinessAsync("Conflict");

        _telegram.SetWebhookByHand(null);
        _time.Advance(conflict.NextAttempt!.Value - _time.GetUtcNow());
        await Status.WaitForAsync(s => s.State == BotState.Receiving);
        var reply = await _telegram.NewUser("Ann").SendAsync("/echo 1");
        Assert.Equal("echo 1", reply.Text);
    }

    [Fact]
    public async Task With_MaxReconnectAttempts_polling_gives_up_and_readiness_turns_unhealthy()
    {
        _telegram.FailNext("getUpdates", 502, "Bad Gateway", times: 7);
        for (var failures = 1; failures <= 6; failures++)
        {
            await ExpectBackoffAsync(failures, Backoff.Nominal(failures, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5)).TotalSeconds);
            _time.Advance(Status.Current.NextAttempt!.Value - _time.GetUtcNow());
        }

        await Status.WaitForAsync(s => s.State == BotState.Stopped);
        using var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Contains(_app.Logs.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Critical);
    }

    private async Task ExpectBackoffAsync(int failures, double nominalSeconds)
    {
        var state = await Status.WaitForAsync(s => s.State == BotState.BackingOff && s.Failures == failures);
        var delay = state.NextAttempt!.Value - _time.GetUtcNow();
        Assert.InRange(delay.TotalSeconds, nominalSeconds * 0.9, nominalSeconds * 1.1);
    }

    private async Task AssertReadinessAsync(string state)
    {
        using var client = _app.CreateClient();
        var response = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // Degraded still serves the site
        var bot = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("bot");
        var data = bot.GetProperty("data");
        Assert.Equal(state, data.GetProperty("state").GetString());
        Assert.Equal(state == "Receiving" ? "Healthy" : "Degraded", bot.GetProperty("status").GetString());
        Assert.True(data.TryGetProperty("last_successful_get_updates", out _));
        if (state != "Receiving")
        {
            Assert.True(data.TryGetProperty("since", out _));
            Assert.True(data.TryGetProperty("next_attempt", out _));
        }
    }
}
