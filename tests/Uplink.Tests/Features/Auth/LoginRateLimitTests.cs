using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Uplink.Features.Auth;
using Uplink.Infrastructure.Auth;
using Uplink.Tests.Infrastructure;

namespace Uplink.Tests.Features.Auth;

/// <summary>Every route that spends or checks a login secret is limited per client, and only that client.</summary>
public sealed partial class LoginRateLimitTests : IAsyncLifetime
{
    private readonly UplinkApp _app = new(telegram: null, new Dictionary<string, string?>
    {
        ["Auth:RedeemPermitsPerMinute"] = "2",
        ["Auth:WrongKeyPermitsPerMinute"] = "3",
    });

    public ValueTask InitializeAsync()
    {
        _app.StartServer();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_site_login_form_answers_429_with_retry_after_to_one_client_and_still_serves_another()
    {
        using var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.BadRequest, await PostLoginFormAsync(client, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.BadRequest, await PostLoginFormAsync(client, "198.51.100.1"));

        using var limited = await PostLoginFormResponseAsync(client, "198.51.100.1");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(HttpStatusCode.BadRequest, await PostLoginFormAsync(client, "198.51.100.2"));
        // Opening the link spends nothing, so it is not counted either.
        Assert.Equal(HttpStatusCode.OK, (await GetFormAsync(client, "198.51.100.1")).Status);
    }

    [Fact]
    public async Task Wrong_service_keys_are_limited_per_client_while_the_right_key_and_other_clients_pass()
    {
        using var client = _app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await GenerateAsync(client, "192.0.2.1", "guess-" + i));
        }

        using var limited = await GenerateResponseAsync(client, "192.0.2.1", "guess-4");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.Unauthorized, await GenerateAsync(client, "192.0.2.2", "guess"));
        // The right key is never throttled, not even from the address that was guessing.
        Assert.Equal(HttpStatusCode.NotFound, await GenerateAsync(client, "192.0.2.1", UplinkApp.ServiceApiKey));
    }

    private static async Task<HttpStatusCode> PostLoginFormAsync(HttpClient client, string address)
    {
        using var response = await PostLoginFormResponseAsync(client, address);
        return response.StatusCode;
    }

    /// <summary>A browser's way: open the link, then press the button (the form carries its antiforgery token).</summary>
    private static async Task<HttpResponseMessage> PostLoginFormResponseAsync(HttpClient client, string address)
    {
        var code = AccessCode.New();
        var (_, token) = await GetFormAsync(client, address, code);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/auth/callback?code={code}")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code, ["__RequestVerificationToken"] = token }),
        };
        request.Headers.Add(FakeRemoteAddress.Header, address);
        return await client.SendAsync(request);
    }

    private static async Task<(HttpStatusCode Status, string Token)> GetFormAsync(HttpClient client, string address, string? code = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/auth/callback?code={code ?? AccessCode.New()}");
        request.Headers.Add(FakeRemoteAddress.Header, address);
        using var response = await client.SendAsync(request);
        var match = AntiforgeryToken().Match(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, match.Groups[1].Value);
    }

    private static async Task<HttpStatusCode> GenerateAsync(HttpClient client, string address, string key)
    {
        using var response = await GenerateResponseAsync(client, address, key);
        return response.StatusCode;
    }

    private static Task<HttpResponseMessage> GenerateResponseAsync(HttpClient client, string address, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/code/generate") { Content = JsonContent.Create(new { user_id = 1 }) };
        request.Headers.Add(FakeRemoteAddress.Header, address);
        request.Headers.Add(ApiKeyHandler.HeaderName, key);
        return client.SendAsync(request);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
