using System.Net.Http.Json;
using System.Text.Json;
using Uplink.Tests.Features.Auth;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;
using static Uplink.Tests.Features.Members.StartCommandTests;

namespace Uplink.Tests.Features.Members;

[Collection(nameof(SqliteHost))]
public sealed class ProfileCacheTests(SqliteHost host)
{
    private FakeBotApi Telegram => host.Telegram;

    [Fact]
    public async Task A_second_read_is_served_from_the_cache_without_a_query()
    {
        var code = CodeIn(await Telegram.NewUser("Cached").SendAsync("/start"));
        using var client = host.App.CreateClient();

        var first = await CountMemberQueriesAsync(() => client.GetAsync($"/api/users/{code}"));
        var second = await CountMemberQueriesAsync(() => client.GetAsync($"/api/users/{code}"));
        var page = await CountMemberQueriesAsync(() => client.GetAsync($"/u/{code}"));

        Assert.True(first > 0, "the first read goes to the database");
        Assert.Equal(0, second);
        Assert.Equal(0, page);
    }

    [Fact]
    public async Task Me_and_its_session_check_are_served_from_the_cache()
    {
        var alice = Telegram.NewUser("Alice");
        await alice.SendAsync("/start");
        using var client = host.App.CreateClient();
        var code = AuthSteps.CodeOf(await alice.RequestQrLinkAsync());
        var before = Telegram.Sequence;
        client.DefaultRequestHeaders.Authorization = TestJwt.Bearer(await client.LoginAsync(code));
        await alice.NextMessageAsync(before); // the login notice, whose sending also reads the database
        await client.GetAsync("/api/users/me");

        var queries = await CountQueriesAsync(() => client.GetAsync("/api/users/me"), _ => true);

        Assert.Equal(0, queries);
    }

    [Fact]
    public async Task A_profile_page_is_rendered_once_and_served_again_until_the_member_edits_it()
    {
        var alice = Telegram.NewUser("Alice");
        var code = CodeIn(await alice.SendAsync("/start"));
        using var client = host.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = TestJwt.Bearer(await client.LoginAsync(AuthSteps.CodeOf(await alice.RequestQrLinkAsync())));

        using var rendered = await client.GetAsync($"/u/{code}");
        using var stored = await client.GetAsync($"/u/{code}");
        await client.PatchAsJsonAsync("/api/users/me", new { bio = "Fresh" });
        using var edited = await client.GetAsync($"/u/{code}");

        // The output cache marks what it serves again with an Age header.
        Assert.Null(rendered.Headers.Age);
        Assert.NotNull(stored.Headers.Age);
        Assert.Equal(await rendered.Content.ReadAsStringAsync(), await stored.Content.ReadAsStringAsync());
        Assert.Null(edited.Headers.Age);
        Assert.Contains("Fresh", await edited.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_stored_profile_page_is_kept_per_language()
    {
        var alice = Telegram.NewUser("Alice");
        var code = CodeIn(await alice.SendAsync("/start"));
        using var client = host.App.CreateClient();

        async Task<string> PageIn(string language)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/u/{code}");
            request.Headers.Add("Accept-Language", language);
            using var response = await client.SendAsync(request);
            return await response.Content.ReadAsStringAsync();
        }

        Assert.Contains("<html lang=\"ru\">", await PageIn("ru"));
        Assert.Contains("<html lang=\"en\">", await PageIn("en"));
        Assert.Contains("<html lang=\"ru\">", await PageIn("ru-RU,ru;q=0.9"));
    }

    [Fact]
    public async Task An_edit_is_visible_at_once()
    {
        var alice = Telegram.NewUser("Alice");
        var code = CodeIn(await alice.SendAsync("/start"));
        using var client = host.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = TestJwt.Bearer(await client.LoginAsync(AuthSteps.CodeOf(await alice.RequestQrLinkAsync())));
        await client.GetAsync($"/api/users/{code}");
        await client.GetAsync("/api/users/me");

        await client.PatchAsJsonAsync("/api/users/me", new { bio = "Fresh" });

        Assert.Equal("Fresh", (await client.GetFromJsonAsync<JsonElement>($"/api/users/{code}")).GetProperty("bio").GetString());
        Assert.Equal("Fresh", (await client.GetFromJsonAsync<JsonElement>("/api/users/me")).GetProperty("bio").GetString());
        Assert.Contains("Fresh", await client.GetStringAsync($"/u/{code}"));
    }

    [Fact]
    public async Task A_new_referral_shows_in_the_referrers_cached_profile()
    {
        var alice = Telegram.NewUser("Alice");
        var code = CodeIn(await alice.SendAsync("/start"));
        using var client = host.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = TestJwt.Bearer(await client.LoginAsync(AuthSteps.CodeOf(await alice.RequestQrLinkAsync())));
        var before = (await client.GetFromJsonAsync<JsonElement>("/api/users/me")).GetProperty("referral_count").GetInt32();

        await Telegram.NewUser("Friend").SendAsync($"/start {code}");

        Assert.Equal(0, before);
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>("/api/users/me")).GetProperty("referral_count").GetInt32());
    }

    [Fact]
    public async Task A_new_telegram_name_shows_in_the_cached_public_profile()
    {
        var alice = Telegram.NewUser("Alice");
        var code = CodeIn(await alice.SendAsync("/start"));
        using var client = host.App.CreateClient();
        await client.GetAsync($"/api/users/{code}");
        var renamed = new TelegramUser(Telegram, alice.Id, "Alicia", null, null, "en");

        await renamed.SendAsync("/profile");

        Assert.Equal("Alicia", (await client.GetFromJsonAsync<JsonElement>($"/api/users/{code}")).GetProperty("display_name").GetString());
    }

    private Task<int> CountMemberQueriesAsync(Func<Task<HttpResponseMessage>> request) =>
        CountQueriesAsync(request, sql => sql.Contains("\"members\"", StringComparison.Ordinal));

    /// <summary>Counts the SQL commands EF Core logged while the request ran.</summary>
    private async Task<int> CountQueriesAsync(Func<Task<HttpResponseMessage>> request, Func<string, bool> match)
    {
        var before = host.App.Logs.GetSnapshot().Count;
        using var response = await request();
        response.EnsureSuccessStatusCode();
        return host.App.Logs.GetSnapshot().Skip(before)
            .Count(r => r.Category == "Microsoft.EntityFrameworkCore.Database.Command" &&
                        r.Message.StartsWith("Executed DbCommand", StringComparison.Ordinal) && match(r.Message));
    }
}
