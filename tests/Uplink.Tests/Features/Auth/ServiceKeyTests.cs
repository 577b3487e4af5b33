using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;
using static Uplink.Tests.Features.Events.EventSteps;

namespace Uplink.Tests.Features.Auth;

/// <summary>The service key (<c>X-Api-Key</c>) as an authentication scheme, on every route that needs it.</summary>
[Collection(nameof(SqliteHost))]
public sealed class ServiceKeyTests(SqliteHost host)
{
    private FakeBotApi Telegram => host.Telegram;

    public static TheoryData<string, string> ServiceRoutes => new()
    {
        { "POST", "/api/auth/code/generate" },
        { "POST", "/api/events" },
        { "PATCH", "/api/events/1" },
        { "POST", "/api/events/1/cancel" },
    };

    [Theory]
    [MemberData(nameof(ServiceRoutes))]
    public async Task Without_a_key_a_service_route_answers_401_with_an_ApiKey_challenge(string method, string path)
    {
        using var client = host.App.CreateClient();

        using var response = await client.SendAsync(Request(method, path, key: null));

        await AssertChallengedAsync(response);
    }

    [Theory]
    [InlineData("test-service-key-0123456780")] // same length as the right key, last character differs
    [InlineData("test-service-key-012345678")]  // a prefix of it
    [InlineData("test-service-key-0123456789-and-more")]
    [InlineData("")]
    public async Task A_wrong_key_is_refused_whatever_its_length(string key)
    {
        using var client = host.App.CreateClient();

        using var generate = await client.SendAsync(Request("POST", "/api/auth/code/generate", key));
        using var create = await client.SendAsync(Request("POST", "/api/events", key));

        await AssertChallengedAsync(generate);
        await AssertChallengedAsync(create);
    }

    [Fact]
    public async Task The_right_key_issues_codes_and_creates_events()
    {
        var alice = Telegram.NewUser("Alice");
        await alice.SendAsync("/start");
        using var client = host.App.CreateClient();

        using var generate = await client.SendAsync(Request("POST", "/api/auth/code/generate", UplinkApp.ServiceApiKey, new { user_id = alice.Id }));
        using var create = await client.SendAsync(Request("POST", "/api/events", UplinkApp.ServiceApiKey, NewEvent("Keyed meetup")));

        Assert.Equal(HttpStatusCode.OK, generate.StatusCode);
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
    }

    [Fact]
    public async Task A_members_token_does_not_stand_in_for_the_service_key_nor_spoil_it()
    {
        var bob = Telegram.NewUser("Bob");
        await bob.SendAsync("/start");
        using var client = host.App.CreateClient();
        var token = await client.LoginAsync(await client.GenerateCodeAsync(bob.Id));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var generate = await client.SendAsync(Request("POST", "/api/auth/code/generate", key: null, new { user_id = bob.Id }));
        using var create = await client.SendAsync(Request("POST", "/api/events", key: null, NewEvent("Member's own event")));
        using var both = await client.SendAsync(Request("POST", "/api/events", UplinkApp.ServiceApiKey, NewEvent("Key and token")));

        await AssertChallengedAsync(generate);
        await AssertChallengedAsync(create);
        Assert.Equal(HttpStatusCode.Created, both.StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_declares_the_schemes_and_what_each_operation_requires()
    {
        using var client = host.App.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        var apiKey = schemes.GetProperty("ApiKey");
        Assert.Equal(("apiKey", "header", "X-Api-Key"),
            (apiKey.GetProperty("type").GetString(), apiKey.GetProperty("in").GetString(), apiKey.GetProperty("name").GetString()));
        var bearer = schemes.GetProperty("Bearer");
        Assert.Equal(("http", "bearer"), (bearer.GetProperty("type").GetString(), bearer.GetProperty("scheme").GetString()));
        var paths = document.GetProperty("paths");
        Assert.Equal(["ApiKey"], Requirements(paths, "/api/auth/code/generate", "post"));
        Assert.Equal(["ApiKey"], Requirements(paths, "/api/events", "post"));
        Assert.Equal(["ApiKey"], Requirements(paths, "/api/events/{id}", "patch"));
        Assert.Equal(["ApiKey"], Requirements(paths, "/api/events/{id}/cancel", "post"));
        Assert.Equal(["Bearer"], Requirements(paths, "/api/events/{id}/rsvp", "post"));
        Assert.Empty(Requirements(paths, "/api/events", "get"));
        Assert.Empty(Requirements(paths, "/api/auth/callback", "post"));
    }

    /// <summary>The schemes an operation's security requirements name, in order.</summary>
    private static string[] Requirements(JsonElement paths, string path, string method) =>
        paths.GetProperty(path).GetProperty(method).TryGetProperty("security", out var security)
            ? [.. security.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name))]
            : [];

    private static async Task AssertChallengedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("ApiKey", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
    }

    private static HttpRequestMessage Request(string method, string path, string? key, object? body = null) =>
        ServiceRequest(new HttpMethod(method), path, body ?? new { }, key);

    private static object NewEvent(string title) => new { title, starts_at = "2031-06-01T18:00:00Z" };
}
