using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Uplink.Features.Auth;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Features.Auth;

[Collection(nameof(SqliteHost))]
public sealed class QrLoginTests(SqliteHost host)
{
    private FakeBotApi Telegram => host.Telegram;

    [Fact]
    public async Task Qr_image_carries_exactly_the_one_time_link_of_its_button()
    {
        var alice = Telegram.NewUser("Alice");
        await alice.SendAsync("/start");

        var photo = await alice.SendAsync("/qr");

        var link = await AuthSteps.DecodeQrAsync(photo.Photo!);
        AuthSteps.CodeOf(link); // the shape: {PublicUrl}/auth/callback?code=<uuid v4>
        var button = Assert.Single(Assert.Single(photo.Buttons));
        Assert.Equal(link, button["url"]!.GetValue<string>());
        Assert.Contains("works once, until", photo.Plain);
        Assert.Contains("(10 min)", photo.Plain);
    }

    [Fact]
    public async Task Every_request_makes_a_new_code()
    {
        var alice = Telegram.NewUser("Alice");
        await alice.SendAsync("/start");

        var first = await alice.RequestQrLinkAsync();
        var second = await alice.RequestQrLinkAsync();

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task First_redemption_returns_a_token_and_the_second_is_rejected()
    {
        var alice = Telegram.NewUser("Alice", "en", "Smith");
        await alice.SendAsync("/start");
        var code = AuthSteps.CodeOf(await alice.RequestQrLinkAsync());
        using var client = host.App.CreateClient();

        using var first = await client.RedeemAsync(code);
        using var second = await client.RedeemAsync(code);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(3600, body.GetProperty("expires_in").GetInt32());
        Assert.Equal(alice.Id, body.GetProperty("user").GetProperty("telegram_user_id").GetInt64());
        Assert.True(first.Headers.CacheControl?.NoStore);
        Assert.Equal("no-referrer", first.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unknown_and_used_codes_get_the_same_answer()
    {
        var alice = Telegram.NewUser("Alice");
        await alice.SendAsync("/start");
        var code = AuthSteps.CodeOf(await alice.RequestQrLinkAsync());
        using var client = host.App.CreateClient();
        await client.LoginAsync(code);

        var used = await (await client.RedeemAsync(code)).Content.ReadFromJsonAsync<JsonElement>();
        var unknown = await (await client.RedeemAsync(AccessCode.New())).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(used.GetProperty("title").GetString(), unknown.GetProperty("title").GetString());
        Assert.Equal(used.GetProperty("detail").GetString(), unknown.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Me_answers_the_private_profile_of_the_tokens_member()
    {
        var alice = Telegram.NewUser("Alice", "en", "Smith", "alice_s");
        await alice.SendAsync("/start");
        using var client = host.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = TestJwt.Bearer(await client.LoginAsync(AuthSteps.CodeOf(await alice.RequestQrLinkAsync())));

        var me = await client.GetFromJsonAsync<JsonElement>("/api/users/me");

        Assert.Equal(alice.Id, me.GetProperty("telegram_user_id").GetInt64());
        Assert.Equal("alice_s", me.GetProperty("username").GetString());
        Assert.Equal("en", me.GetProperty("language_code").GetString());
    }

    [Fact]
    public async Task A_plain_get_of_the_link_as_a_crawler_does_leaves_the_code_redeemable()
    {
        var alice = Telegram.NewUser("Alice");
        await alice.SendAsync("/start");
        var link = await alice.RequestQrLinkAsync();
        using var client = host.App.CreateClient();

        using var preview = await client.GetAsync(new Uri(link).PathAndQuery);
        var html = await preview.Content.ReadAsStringAsync();
        using var again = await client.GetAsync(new Uri(link).PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("<form method=\"post\"", html);
        Assert.True(preview.Headers.CacheControl?.NoStore);
        Assert.Equal("no-referrer", preview.Headers.GetValues("Referrer-Policy").Single());
        await client.LoginAsync(AuthSteps.CodeOf(link));
    }

    [Fact]
    public async Task The_database_keeps_only_a_hash_of_the_code()
    {
        var alice = Telegram.NewUser("Alice");
        await alice.SendAsync("/start");
        var code = AuthSteps.CodeOf(await alice.RequestQrLinkAsync());

        var stored = await host.App.QueryAsync(db => db.AuthCodes.Where(c => c.Member!.TelegramUserId == alice.Id).ToListAsync());

        var row = Assert.Single(stored);
        Assert.Equal(AccessCode.Hash(code), row.CodeHash);
        foreach (var file in Directory.GetFiles(host.App.DataDirectory, "uplink.db*"))
        {
            var onDisk = System.Text.Encoding.ASCII.GetString(await File.ReadAllBytesAsync(file));
            Assert.Equal(-1, onDisk.IndexOf(code, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_member_holds_at_most_five_live_codes_and_a_new_one_retires_the_oldest()
    {
        var alice = Telegram.NewUser("Alice");
        await alice.SendAsync("/start");
        var codes = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            codes.Add(AuthSteps.CodeOf(await alice.RequestQrLinkAsync()));
        }

        var live = await host.App.QueryAsync(db => db.AuthCodes.CountAsync(c => c.Member!.TelegramUserId == alice.Id && c.UsedAt == null));
        using var client = host.App.CreateClient();

        Assert.Equal(5, live);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.RedeemAsync(codes[0])).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.RedeemAsync(codes[1])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.RedeemAsync(codes[2])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.RedeemAsync(codes[6])).StatusCode);
    }

    [Fact]
    public async Task Qr_before_registering_asks_to_start()
    {
        var reply = await Telegram.NewUser("Newbie").SendAsync("/qr");

        Assert.Equal("sendMessage", reply.Method);
        Assert.Contains("Send /start", reply.Plain);
    }
}
