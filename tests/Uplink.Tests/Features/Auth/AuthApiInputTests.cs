using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Features.Auth;

[Collection(nameof(SqliteHost))]
public sealed class AuthApiInputTests(SqliteHost host)
{
    private FakeBotApi Telegram => host.Telegram;

    [Theory]
    [InlineData("""{"code": ""}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"code": "not-a-uuid"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"code": "0b5c2e9a-1f3d-1a6b-9c8d-7e6f5a4b3c2d"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"code": 42}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"code": null}""", HttpStatusCode.BadRequest)]
    [InlineData("""{}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"code": """, HttpStatusCode.BadRequest)]
    [InlineData("""[1, 2, 3]""", HttpStatusCode.BadRequest)]
    [InlineData("", HttpStatusCode.BadRequest)]
    public async Task Bad_redemption_bodies_get_a_4xx_problem_never_a_500(string body, HttpStatusCode status)
    {
        using var client = host.App.CreateClient();

        using var response = await client.PostAsync("/api/auth/callback", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Wrong_content_type_gets_415()
    {
        using var client = host.App.CreateClient();

        using var response = await client.PostAsync("/api/auth/callback", new StringContent("code=abc", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_huge_body_is_refused_before_it_is_read_whole()
    {
        using var client = host.App.CreateClient();
        var huge = "{\"code\": \"" + new string('a', 2 * 1024 * 1024) + "\"}";

        using var response = await client.PostAsync("/api/auth/callback", new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest, response.StatusCode.ToString());
    }

    [Fact]
    public async Task Service_endpoint_issues_codes_for_the_right_key_only()
    {
        var alice = Telegram.NewUser("Alice");
        await alice.SendAsync("/start");
        using var client = host.App.CreateClient();

        using var noKey = await client.PostAsJsonAsync("/api/auth/code/generate", new { user_id = alice.Id });
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/auth/code/generate") { Content = JsonContent.Create(new { user_id = alice.Id }) };
        wrong.Headers.Add("X-Api-Key", UplinkApp.ServiceApiKey + "x");
        using var wrongKey = await client.SendAsync(wrong);
        using var unknown = new HttpRequestMessage(HttpMethod.Post, "/api/auth/code/generate") { Content = JsonContent.Create(new { user_id = 1 }) };
        unknown.Headers.Add("X-Api-Key", UplinkApp.ServiceApiKey);
        using var unknownUser = await client.SendAsync(unknown);
        var code = await client.GenerateCodeAsync(alice.Id);

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownUser.StatusCode);
        var token = await client.LoginAsync(code);
        Assert.False(string.IsNullOrEmpty(token));
    }

    [Fact]
    public async Task Service_endpoint_answers_code_url_and_expiry()
    {
        var alice = Telegram.NewUser("Alice");
        await alice.SendAsync("/start");
        using var client = host.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/code/generate") { Content = JsonContent.Create(new { user_id = alice.Id }) };
        request.Headers.Add("X-Api-Key", UplinkApp.ServiceApiKey);

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        var code = body.GetProperty("code").GetString()!;
        Assert.Equal($"{UplinkApp.PublicUrl}/auth/callback?code={code}", body.GetProperty("url").GetString());
        var expires = body.GetProperty("expires_at").GetDateTimeOffset();
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10.5));
    }
}
