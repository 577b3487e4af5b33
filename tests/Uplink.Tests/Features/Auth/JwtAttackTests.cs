using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Features.Auth;

[Collection(nameof(SqliteHost))]
public sealed class JwtAttackTests(SqliteHost host)
{
    private FakeBotApi Telegram => host.Telegram;

    [Fact]
    public async Task Forged_and_broken_tokens_get_401_with_www_authenticate()
    {
        var alice = Telegram.NewUser("Alice");
        await alice.SendAsync("/start");
        var bob = Telegram.NewUser("Bob");
        await bob.SendAsync("/start");
        using var client = host.App.CreateClient();
        var real = await client.LoginAsync(AuthSteps.CodeOf(await alice.RequestQrLinkAsync()));
        var bobsId = long.Parse(new JsonWebToken(await client.LoginAsync(AuthSteps.CodeOf(await bob.RequestQrLinkAsync()))).Subject, System.Globalization.CultureInfo.InvariantCulture);
        var claims = TestJwt.ClaimsOf(real);

        var attacks = new Dictionary<string, string?>
        {
            ["missing"] = null,
            ["garbage"] = "not.a.jwt",
            ["alg none"] = TestJwt.WithAlgNone(real),
            ["wrong key"] = TestJwt.Sign(claims, key: "another-key-that-is-also-32-bytes-or-longer!!"),
            ["wrong issuer"] = TestJwt.Sign(claims, issuer: "evil"),
            ["wrong audience"] = TestJwt.Sign(claims, audience: "someone-else"),
            ["expired"] = TestJwt.Sign(claims, issuedAt: DateTime.UtcNow.AddHours(-2), expires: DateTime.UtcNow.AddMinutes(-1)),
            ["tampered payload"] = TestJwt.Tampered(real, bobsId),
            ["unknown session"] = TestJwt.Sign(new Dictionary<string, object>(claims) { ["sid"] = new string('0', 32) }),
        };

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, real));
        foreach (var (attack, token) in attacks)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/users/me");
            if (token is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
            }

            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{attack}: {response.StatusCode}");
            Assert.True(response.Headers.WwwAuthenticate.Count > 0, $"{attack}: no WWW-Authenticate");
        }
    }

    [Fact]
    public async Task A_token_signed_with_the_right_key_for_a_real_session_is_accepted()
    {
        // The counterpart of the attacks above: the test forges nothing the server would refuse.
        var alice = Telegram.NewUser("Alice");
        await alice.SendAsync("/start");
        using var client = host.App.CreateClient();
        var real = await client.LoginAsync(AuthSteps.CodeOf(await alice.RequestQrLinkAsync()));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, TestJwt.Sign(TestJwt.ClaimsOf(real))));
    }

    [Fact]
    public async Task Repeated_authorization_headers_get_401_not_500()
    {
        var alice = Telegram.NewUser("Alice");
        await alice.SendAsync("/start");
        using var client = host.App.CreateClient();
        var real = await client.LoginAsync(AuthSteps.CodeOf(await alice.RequestQrLinkAsync()));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/users/me");
        request.Headers.TryAddWithoutValidation("Authorization", ["Bearer " + real, "Bearer " + real]);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/users/me");
        request.Headers.Authorization = TestJwt.Bearer(token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
