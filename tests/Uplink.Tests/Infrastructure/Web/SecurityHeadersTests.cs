using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Uplink.Tests.Infrastructure.Web;

[Collection(nameof(SqliteHost))]
public sealed class SecurityHeadersTests(SqliteHost host)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/events")]
    [InlineData("/auth/callback?code=nope")]
    [InlineData("/no-such-page")]
    [InlineData("/api/events")]
    [InlineData("/api/users/UP-ZZZZZZ")]
    [InlineData("/health")]
    public async Task Pages_and_api_answers_carry_the_security_headers(string path)
    {
        using var client = host.App.CreateClient(new() { BaseAddress = new Uri(UplinkApp.PublicUrl) }); // HSTS is never sent to localhost

        using var response = await client.GetAsync(path);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"), ignoreCase: true);
        Assert.False(string.IsNullOrEmpty(Header(response, "Referrer-Policy")));
        Assert.Contains("max-age=", Header(response, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_login_answer_keeps_its_stricter_referrer_policy_beside_the_other_headers()
    {
        using var client = host.App.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/auth/callback", new { code = "nope" });

        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
    }

    [Fact]
    public async Task Hsts_is_sent_only_under_https()
    {
        using var client = host.App.CreateClient(new() { BaseAddress = new Uri("http://uplink.example.org") });

        using var response = await client.GetAsync("/");

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task Only_the_mini_app_path_may_be_framed_and_only_by_telegram()
    {
        using var client = host.App.CreateClient();

        using var response = await client.GetAsync("/app");

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'self' https://web.telegram.org https://*.telegram.org", csp);
        Assert.False(response.Headers.Contains("X-Frame-Options"));
    }

    [Fact]
    public async Task Pages_have_no_inline_script_or_style_and_their_stylesheet_is_served()
    {
        using var client = host.App.CreateClient();

        var page = await client.GetStringAsync("/events");
        using var css = await client.GetAsync("/css/site.css");

        Assert.DoesNotContain("<script", page);
        Assert.DoesNotContain("<style", page);
        Assert.DoesNotContain("style=", page);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/css/site.css\" />", page);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("nosniff", Header(css, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task A_refused_token_gets_no_error_description_outside_development()
    {
        using var client = host.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = TestJwt.Bearer(TestJwt.Sign(new Dictionary<string, object> { ["sub"] = "1" }, key: new string('k', 40)));

        using var response = await client.GetAsync("/api/users/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.DoesNotContain("error_description", challenge.ToString());
    }

    [Theory]
    [InlineData("application/json; charset=foo", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json; charset=\"\"", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json; charset=utf-7", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json; charset=\"", HttpStatusCode.BadRequest)]
    [InlineData("application/json;;", HttpStatusCode.BadRequest)]
    [InlineData("garbage", HttpStatusCode.BadRequest)]
    [InlineData("text/plain", HttpStatusCode.UnsupportedMediaType)]
    public async Task A_body_in_an_unreadable_content_type_gets_a_4xx_problem_on_every_route_before_any_key_check(string contentType, HttpStatusCode status)
    {
        using var client = host.App.CreateClient();
        foreach (var path in (string[])["/api/auth/callback", "/api/auth/code/generate", "/api/events"])
        {
            var content = new ByteArrayContent("{}"u8.ToArray());
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);

            using var response = await client.PostAsync(path, content);

            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_body_in_another_known_charset_is_still_read()
    {
        using var client = host.App.CreateClient();
        var content = new ByteArrayContent(Encoding.Unicode.GetBytes("""{"code": "nope"}"""));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-16");

        using var response = await client.PostAsync("/api/auth/callback", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Invalid or expired code", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : "";
}
