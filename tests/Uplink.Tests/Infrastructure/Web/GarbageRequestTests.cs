using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Uplink.Tests.Features.Auth;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Infrastructure.Web;

/// <summary>
/// A property over every route: whatever a client sends, the answer is never a 5xx. Routes come
/// from the OpenAPI document and from the routing table (pages, health, metrics, webhook); each
/// gets every systematic garbage class, then random mixes until the time budget is spent.
/// Replay a failure with <c>UPLINK_FUZZ_SEED=&lt;seed&gt;</c>.
/// </summary>
public sealed class GarbageRequestTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan RandomBudget = TimeSpan.FromSeconds(2);

    private FakeBotApi _telegram = null!;
    private UplinkApp _app = null!;
    private string _token = null!;

    internal sealed record Route(string Method, string Template, IReadOnlyList<string> QueryNames, IReadOnlyList<string> Fields)
    {
        public bool HasBody => Method is "POST" or "PUT" or "PATCH";
    }

    private enum Credentials { None, Valid, Wrong }

    public async ValueTask InitializeAsync()
    {
        _telegram = await FakeBotApi.StartAsync();
        _app = new UplinkApp(_telegram, new Dictionary<string, string?>
        {
            ["Telegram:Mode"] = "Webhook",
            // Thousands of requests: debug lines would cost more than the requests themselves.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        });
        _app.StartServer();
        await _telegram.WaitForCallAsync("setMyCommands");
        _telegram.AttachWebhookClient(_app.CreateClient());
        var user = _telegram.NewUser("Fuzzer");
        await user.SendAsync("/start");
        using var client = _app.CreateClient();
        _token = await client.LoginAsync(await client.GenerateCodeAsync(user.Id));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _telegram.DisposeAsync();
    }

    [Fact]
    public async Task No_request_to_any_route_gets_a_server_error()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("UPLINK_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s)
            ? s : Random.Shared.Next();
        output.WriteLine($"UPLINK_FUZZ_SEED={seed}");
        var random = new Random(seed);
        using var client = _app.CreateClient();
        var routes = await RoutesAsync(client);
        Assert.Contains(routes, r => r.Template == "/api/auth/code/generate");
        Assert.Contains(routes, r => r.Template == "/auth/callback" && r.Method == "POST");

        var failures = new List<string>();
        var sent = 0;
        async Task Send(Route route, string path, Credentials credentials, string? contentType, byte[]? body)
        {
            sent++;
            using var request = Request(route, path, credentials, contentType, body);
            var what = $"{route.Method} {Clip(path)} [{credentials}] Content-Type: {Clip(contentType ?? "")} body: {Clip(body is null ? "" : System.Text.Encoding.UTF8.GetString(body))}";
            try
            {
                using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{(int)response.StatusCode} ← {what}");
                }
            }
            catch (HttpRequestException ex)
            {
                failures.Add($"{ex.GetType().Name}: {ex.Message} ← {what}");
            }
        }

        // Systematic: every class once per route, with valid credentials or none (wrong ones in the random phase).
        foreach (var route in routes)
        {
            var parameterized = route.Template.Contains('{', StringComparison.Ordinal) || route.QueryNames.Count > 0;
            foreach (var segment in parameterized ? Garbage.Segments : Garbage.Segments[..3])
            {
                await Send(route, Fill(route.Template, () => segment) + "?" + string.Join("&", route.QueryNames.Select(n => $"{n}={segment}")),
                    Credentials.Valid, route.HasBody ? "application/json" : null, route.HasBody ? "{}"u8.ToArray() : null);
            }

            if (!route.HasBody)
            {
                continue;
            }

            var path = Fill(route.Template, () => "1");
            for (var i = 0; i < Garbage.ContentTypes.Length; i++)
            {
                await Send(route, path, i % 2 == 0 ? Credentials.None : Credentials.Valid, Garbage.ContentTypes[i], "{}"u8.ToArray());
            }

            foreach (var body in Garbage.SystematicBodies(route.Fields))
            {
                await Send(route, path, Credentials.Valid, "application/json", body);
            }
        }

        var systematic = sent;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < RandomBudget && failures.Count < 50)
        {
            var route = Garbage.Pick(random, routes);
            var path = Fill(route.Template, () => Garbage.Pick(random, Garbage.Segments)) + Garbage.RandomQuery(random, route.QueryNames);
            await Send(route, path, (Credentials)random.Next(3), Garbage.Pick(random, Garbage.ContentTypes),
                route.HasBody || random.Next(4) == 0 ? Garbage.RandomBody(random, route.Fields) : null);
        }

        output.WriteLine($"{routes.Count} routes, {systematic} systematic and {sent - systematic} random requests");
        Assert.True(failures.Count == 0,
            $"UPLINK_FUZZ_SEED={seed}: {failures.Count} server error(s):\n{string.Join("\n", failures.Distinct().Take(30))}");
    }

    private HttpRequestMessage Request(Route route, string path, Credentials credentials, string? contentType, byte[]? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        if (credentials != Credentials.None)
        {
            var valid = credentials == Credentials.Valid;
            request.Headers.Add("X-Api-Key", valid ? UplinkApp.ServiceApiKey : "wrong-key");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", valid ? _token : "eyJ.garbage.x");
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", valid ? _telegram.WebhookSecret : "nope");
        }

        return request;
    }

    /// <summary>The API's routes from its OpenAPI document, then every other route the app maps.</summary>
    private async Task<List<Route>> RoutesAsync(HttpClient client)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        var root = document.RootElement;
        var routes = new List<Route>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                var query = operation.Value.TryGetProperty("parameters", out var ps)
                    ? ps.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToList()
                    : [];
                routes.Add(new Route(operation.Name.ToUpperInvariant(), path.Name, query, BodyFields(root, operation.Value)));
            }
        }

        Assert.True(routes.Count >= 8, $"only {routes.Count} operations in the OpenAPI document");
        var mapped = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        foreach (var endpoint in mapped)
        {
            var template = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"];
            foreach (var method in methods.Where(m => !routes.Any(r => r.Method == m && Same(r.Template, template))))
            {
                routes.Add(new Route(method, template, [], []));
            }
        }

        return routes;
    }

    private static List<string> BodyFields(JsonElement root, JsonElement operation)
    {
        if (!operation.TryGetProperty("requestBody", out var body))
        {
            return [];
        }

        var schema = body.GetProperty("content").EnumerateObject().First().Value.GetProperty("schema");
        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = root.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        return schema.TryGetProperty("properties", out var properties) ? [.. properties.EnumerateObject().Select(p => p.Name)] : [];
    }

    // "/api/events/{id}" in the document is "/api/events/{id:long}" in the routing table.
    private static bool Same(string documented, string mapped) =>
        System.Text.RegularExpressions.Regex.Replace(mapped, @"\{([^}:?=*]+)[^}]*\}", "{$1}").Replace("{**", "{", StringComparison.Ordinal)
            .TrimEnd('/') == documented.TrimEnd('/');

    // Kestrel answers a NUL in the path with 400 before the app sees it; TestServer throws instead.
    private static string Fill(string template, Func<string> value) =>
        System.Text.RegularExpressions.Regex.Replace(template, @"\{[^}]+\}", _ => value().Replace("%00", "%01", StringComparison.Ordinal));

    private static string Clip(string text) => text.Length <= 120 ? text : text[..120] + $"…({text.Length})";
}
