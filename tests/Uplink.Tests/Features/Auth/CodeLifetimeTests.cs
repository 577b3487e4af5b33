using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Uplink.Features.Auth;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Features.Auth;

/// <summary>Time-driven behaviour, on hosts of their own whose clock the test moves (no sleeping).</summary>
public sealed class CodeLifetimeTests
{
    [Fact]
    public async Task A_code_works_until_its_ttl_and_not_after()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var telegram = await FakeBotApi.StartAsync();
        await using var app = new UplinkApp(telegram, time: time);
        using var client = app.CreateClient();
        var alice = await RegisterAsync(telegram);
        var early = await client.GenerateCodeAsync(alice.Id);
        var late = await client.GenerateCodeAsync(alice.Id);

        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        var justInTime = await client.RedeemAsync(early);
        time.Advance(TimeSpan.FromSeconds(2));
        var tooLate = await client.RedeemAsync(late);

        Assert.Equal(HttpStatusCode.OK, justInTime.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLate.StatusCode);
    }

    [Fact]
    public async Task Expired_codes_are_purged_from_the_table()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var telegram = await FakeBotApi.StartAsync();
        await using var app = new UplinkApp(telegram, time: time);
        using var client = app.CreateClient();
        var alice = await RegisterAsync(telegram);
        await client.GenerateCodeAsync(alice.Id);
        var before = await app.QueryAsync(db => db.AuthCodes.CountAsync());

        // Past the 10-minute TTL and across the purge job's 5-minute ticks.
        for (var i = 0; i < 3; i++)
        {
            time.Advance(AccessCodePurger.Interval);
        }

        var after = await WaitUntilAsync(() => app.QueryAsync(db => db.AuthCodes.CountAsync()), count => count == 0);
        Assert.Equal(1, before);
        Assert.Equal(0, after);
    }

    [Fact]
    public async Task Redemptions_beyond_the_limit_get_429_with_retry_after()
    {
        await using var app = new UplinkApp(telegram: null, new Dictionary<string, string?> { ["Auth:RedeemPermitsPerMinute"] = "3" });
        using var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last = await client.RedeemAsync(AccessCode.New());
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(last!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Without_a_service_key_the_generate_endpoint_does_not_exist()
    {
        await using var app = new UplinkApp(telegram: null, new Dictionary<string, string?> { ["Auth:ServiceApiKey"] = "" });
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/code/generate") { Content = System.Net.Http.Json.JsonContent.Create(new { user_id = 1 }) };
        request.Headers.Add("X-Api-Key", "");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_generated_signing_key_is_kept_so_tokens_survive_a_restart()
    {
        var noKey = new Dictionary<string, string?> { ["Auth:SigningKey"] = "" };
        await using var telegram = await FakeBotApi.StartAsync();
        var dataDirectory = Directory.CreateTempSubdirectory("uplink-restart-").FullName;
        string token;
        await using (var first = new UplinkApp(telegram, noKey, dataDirectory))
        {
            using var client = first.CreateClient();
            var alice = await RegisterAsync(telegram);
            token = await client.LoginAsync(await client.GenerateCodeAsync(alice.Id));
        }

        await using var second = new UplinkApp(null, noKey, dataDirectory);
        using var again = second.CreateClient();
        again.DefaultRequestHeaders.Authorization = TestJwt.Bearer(token);

        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/users/me")).StatusCode);
        Assert.True(File.Exists(Path.Combine(dataDirectory, "keys", "jwt-signing.key")));
        await second.DisposeAsync();
        Directory.Delete(dataDirectory, recursive: true);
    }

    private static async Task<TelegramUser> RegisterAsync(FakeBotApi telegram)
    {
        var user = telegram.NewUser("Alice");
        await user.SendAsync("/start");
        return user;
    }

    private static async Task<T> WaitUntilAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        // The purge runs on the host's timer thread once the fake clock ticks; give it a moment.
        for (var i = 0; i < 100; i++)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(50);
        }

        return await read();
    }
}
