using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Features.Auth;

[Collection(nameof(SqliteHost))]
public sealed class SessionTests(SqliteHost host)
{
    private FakeBotApi Telegram => host.Telegram;

    [Fact]
    public async Task A_new_login_is_announced_in_the_bot_and_its_button_ends_that_session()
    {
        var alice = Telegram.NewUser("Alice");
        await alice.SendAsync("/start");
        var code = AuthSteps.CodeOf(await alice.RequestQrLinkAsync());
        using var client = host.App.CreateClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36");
        var before = Telegram.Sequence;

        var token = await client.LoginAsync(code);
        var notice = await alice.NextMessageAsync(before);
        client.DefaultRequestHeaders.Authorization = TestJwt.Bearer(token);
        var whileOpen = await client.GetAsync("/api/users/me");
        var ended = await alice.PressAsync(Assert.Single(notice.CallbackData), notice);
        var afterEnd = await client.GetAsync("/api/users/me");

        Assert.Contains("New login: Chrome on Linux from", notice.Plain);
        Assert.StartsWith("/endsession ", notice.CallbackData.Single());
        Assert.Equal(HttpStatusCode.OK, whileOpen.StatusCode);
        Assert.Contains("That session has ended.", ended.Plain);
        Assert.Equal(HttpStatusCode.Unauthorized, afterEnd.StatusCode);
    }

    [Fact]
    public async Task Logout_all_revokes_every_token_issued_before_it()
    {
        var alice = Telegram.NewUser("Alice");
        await alice.SendAsync("/start");
        using var client = host.App.CreateClient();
        var first = await client.LoginAsync(AuthSteps.CodeOf(await alice.RequestQrLinkAsync()));
        var second = await client.LoginAsync(AuthSteps.CodeOf(await alice.RequestQrLinkAsync()));

        var reply = await alice.SendAsync("/logout_all", m => m.Plain.Contains("Logged out", StringComparison.Ordinal));
        var later = await client.LoginAsync(AuthSteps.CodeOf(await alice.RequestQrLinkAsync()));

        Assert.Contains("2 web session(s) ended", reply.Plain);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(client, first));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(client, second));
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(client, later));
    }

    [Fact]
    public async Task Someone_elses_end_session_button_ends_nothing()
    {
        var alice = Telegram.NewUser("Alice");
        await alice.SendAsync("/start");
        var mallory = Telegram.NewUser("Mallory");
        await mallory.SendAsync("/start");
        using var client = host.App.CreateClient();
        var code = AuthSteps.CodeOf(await alice.RequestQrLinkAsync());
        var before = Telegram.Sequence;
        var token = await client.LoginAsync(code);
        var notice = await alice.NextMessageAsync(before);

        var reply = await mallory.PressAsync(notice.CallbackData.Single(), notice);

        Assert.Contains("already ended", reply.Plain);
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(client, token));
    }

    [Fact]
    public async Task Api_logout_ends_the_presented_session()
    {
        var alice = Telegram.NewUser("Alice");
        await alice.SendAsync("/start");
        using var client = host.App.CreateClient();
        var token = await client.LoginAsync(AuthSteps.CodeOf(await alice.RequestQrLinkAsync()));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout");
        request.Headers.Authorization = TestJwt.Bearer(token);
        var logout = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(client, token));
    }

    [Fact]
    public async Task Patch_me_edits_the_bio_and_what_is_public()
    {
        var alice = Telegram.NewUser("Alice", "en", "Smith", "alice_s");
        var code = Members.StartCommandTests.CodeIn(await alice.SendAsync("/start"));
        using var client = host.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = TestJwt.Bearer(await client.LoginAsync(AuthSteps.CodeOf(await alice.RequestQrLinkAsync())));

        var patched = await client.PatchAsJsonAsync("/api/users/me", new { bio = "  Hello, world  ", public_fields = new { username = true, last_name = false } });
        var profile = await client.GetFromJsonAsync<JsonElement>($"/api/users/{code}");

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var me = await patched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Hello, world", me.GetProperty("bio").GetString());
        Assert.True(me.GetProperty("public_fields").GetProperty("username").GetBoolean());
        Assert.Equal("Alice", profile.GetProperty("display_name").GetString());
        Assert.Equal("alice_s", profile.GetProperty("username").GetString());
        Assert.Equal("Hello, world", profile.GetProperty("bio").GetString());
    }

    [Theory]
    [InlineData(501, "at most 500 characters")]
    [InlineData(-1, "control characters")]
    public async Task Patch_me_refuses_a_bad_bio_with_a_clear_400(int length, string message)
    {
        var alice = Telegram.NewUser("Alice");
        await alice.SendAsync("/start");
        using var client = host.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = TestJwt.Bearer(await client.LoginAsync(AuthSteps.CodeOf(await alice.RequestQrLinkAsync())));
        var bio = length > 0 ? new string('x', length) : "bell\u0007";

        var response = await client.PatchAsJsonAsync("/api/users/me", new { bio });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(message, problem.GetProperty("errors").GetProperty("bio")[0].GetString());
    }

    private static async Task<HttpStatusCode> StatusWithAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/users/me");
        request.Headers.Authorization = TestJwt.Bearer(token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
