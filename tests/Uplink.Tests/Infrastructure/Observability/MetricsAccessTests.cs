using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Uplink.Tests.Infrastructure.Observability;

/// <summary>/metrics answers loopback, the allowed networks and the scrape key; nobody else.</summary>
public sealed class MetricsAccessTests : IAsyncLifetime
{
    private const string ScrapeKey = "scrape-key-0123456789abcdef";

    private readonly UplinkApp _app = new(telegram: null, new Dictionary<string, string?>
    {
        ["Observability:MetricsAllowedNetworks"] = "10.1.0.0/16, fd00::/8",
        ["Observability:MetricsScrapeKey"] = ScrapeKey,
    });

    public ValueTask InitializeAsync()
    {
        _app.StartServer();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Theory]
    [InlineData(null, HttpStatusCode.OK)] // loopback
    [InlineData("::1", HttpStatusCode.OK)]
    [InlineData("10.1.2.3", HttpStatusCode.OK)]
    [InlineData("::ffff:10.1.2.3", HttpStatusCode.OK)]
    [InlineData("fd00::42", HttpStatusCode.OK)]
    [InlineData("10.2.0.1", HttpStatusCode.Forbidden)]
    [InlineData("203.0.113.5", HttpStatusCode.Forbidden)]
    [InlineData("2001:db8::1", HttpStatusCode.Forbidden)]
    public async Task Metrics_answer_only_loopback_and_allowed_networks(string? address, HttpStatusCode status)
    {
        using var response = await ScrapeAsync(address);

        Assert.Equal(status, response.StatusCode);
        if (status == HttpStatusCode.Forbidden)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("http_server", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_scraper_anywhere_gets_in_with_the_key_and_not_with_another()
    {
        using var withKey = await ScrapeAsync("203.0.113.5", ScrapeKey);
        using var wrongKey = await ScrapeAsync("203.0.113.5", ScrapeKey + "x");

        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        Assert.Contains("# TYPE", await withKey.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, wrongKey.StatusCode);
    }

    [Fact]
    public async Task A_request_forwarded_by_a_local_proxy_is_not_taken_for_a_local_one()
    {
        using var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Forwarded-For", "203.0.113.5");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_malformed_network_stops_the_service_at_start_naming_the_key()
    {
        await using var app = new UplinkApp(telegram: null, new Dictionary<string, string?>
        {
            ["Observability:MetricsAllowedNetworks:0"] = "10.0.0.0/33",
        });

        var error = Assert.Throws<OptionsValidationException>(() => app.StartServer());

        Assert.Contains("Observability:MetricsAllowedNetworks", error.Message);
    }

    private async Task<HttpResponseMessage> ScrapeAsync(string? address, string? key = null)
    {
        using var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (address is not null)
        {
            request.Headers.Add(FakeRemoteAddress.Header, address);
        }

        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await client.SendAsync(request);
    }
}
