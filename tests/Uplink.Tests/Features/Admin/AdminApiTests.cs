using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Uplink.Tests.Features.Auth;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Features.Admin;

/// <summary><c>/api/admin/…</c> answers an admin's token and a service's key, and nobody else.</summary>
[Collection(nameof(SqliteHost))]
public sealed class AdminApiTests(SqliteHost host)
{
    public static readonly TheoryData<string> Routes = ["/api/admin/stats", "/api/admin/daily", "/api/admin/top", "/api/admin/events", "/api/admin/broadcasts"];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task An_admins_token_and_the_service_key_are_let_in_a_members_token_is_forbidden_and_nothing_is_unauthorized(string route)
    {
        using var client = host.App.CreateClient();
        var admin = await TokenOfAsync(client, new TelegramUser(host.Telegram, UplinkApp.AdminTelegramId, "Ada", null, null, "en"));
        var member = await TokenOfAsync(client, host.Telegram.NewUser("Mallory"));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, route, r => r.Headers.Authorization = TestJwt.Bearer(admin)));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, route, r => r.Headers.Add("X-Api-Key", UplinkApp.ServiceApiKey)));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, route, r => r.Headers.Authorization = TestJwt.Bearer(member)));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, route, _ => { }));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, route, r => r.Headers.Add("X-Api-Key", "not-the-key-0123456789")));
    }

    [Fact]
    public async Task The_stats_route_counts_the_members_the_database_holds()
    {
        using var client = host.App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", UplinkApp.ServiceApiKey);
        await host.Telegram.NewUser("Counted").SendAsync("/start");

        var stats = await client.GetFromJsonAsync<JsonElement>("/api/admin/stats");
        var daily = await client.GetFromJsonAsync<JsonElement>("/api/admin/daily");

        var members = await host.App.QueryAsync(db => Task.FromResult(db.Members.Count()));
        Assert.Equal(members, stats.GetProperty("members").GetProperty("total").GetInt32());
        Assert.Equal(90, daily.GetArrayLength());
        Assert.True(daily.EnumerateArray().Last().GetProperty("new_members").GetInt32() >= 1, daily.EnumerateArray().Last().ToString());
    }

    private static async Task<string> TokenOfAsync(HttpClient client, TelegramUser user)
    {
        await user.SendAsync("/start");
        return await client.LoginAsync(await client.GenerateCodeAsync(user.Id));
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string route, Action<HttpRequestMessage> authorize)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, route);
        authorize(request);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
