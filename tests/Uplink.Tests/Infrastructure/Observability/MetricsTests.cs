using System.Globalization;
using System.Text.RegularExpressions;
using Uplink.Tests.Features.Auth;
using static Uplink.Tests.Features.Members.StartCommandTests;

namespace Uplink.Tests.Infrastructure.Observability;

[Collection(nameof(SqliteHost))]
public sealed partial class MetricsTests(SqliteHost host)
{
    [Fact]
    public async Task Metrics_expose_requests_cache_bot_and_access_codes_after_a_journey()
    {
        var alice = host.Telegram.NewUser("Metered");
        var code = CodeIn(await alice.SendAsync("/start"));
        using var client = host.App.CreateClient();
        await client.GetAsync($"/api/users/{code}");
        await client.GetAsync($"/api/users/{code}");
        await client.LoginAsync(AuthSteps.CodeOf(await alice.RequestQrLinkAsync()));
        await client.RedeemAsync(Uplink.Features.Auth.AccessCode.New());
        host.Telegram.FailNext("sendMessage", 429, "Too Many Requests: retry after 0", retryAfter: 0);
        await alice.SendAsync("/help");

        var text = await client.GetStringAsync("/metrics");

        Assert.True(Value(text, "http_server_request_duration_seconds_count", "http_route=\"/api/users/{referralCode}\"") >= 2);
        Assert.True(Value(text, "uplink_cache_hits_total") >= 1);
        Assert.True(Value(text, "uplink_cache_misses_total") >= 1);
        Assert.True(Value(text, "uplink_cache_size") >= 1);
        Assert.Contains("uplink_cache_evictions_total", text);
        Assert.Contains("uplink_cache_expirations_total", text);
        Assert.True(Value(text, "uplink_bot_updates_total", "outcome=\"handled\"") >= 2);
        Assert.True(Value(text, "uplink_access_codes_total", "outcome=\"issued\"") >= 1);
        Assert.True(Value(text, "uplink_access_codes_total", "outcome=\"redeemed\"") >= 1);
        Assert.True(Value(text, "uplink_access_codes_total", "outcome=\"rejected\"") >= 1);
        Assert.True(Value(text, "uplink_telegram_calls_total", "method=\"sendMessage\",status=\"200\"") >= 2);
        Assert.True(Value(text, "uplink_telegram_calls_total", "method=\"sendMessage\",status=\"429\"") >= 1);
    }

    /// <summary>
    /// The sum of a series' samples whose labels contain <paramref name="label"/>. Meters are
    /// process-wide, so in tests other hosts (the fake Bot API, parallel collections) add to the
    /// sums: assertions are lower bounds set by this test's own journey.
    /// </summary>
    internal static double Value(string exposition, string name, string label = "")
    {
        var samples = Sample().Matches(exposition)
            .Where(m => m.Groups["name"].Value == name && m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal))
            .Select(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture))
            .ToList();
        Assert.True(samples.Count > 0, $"no sample of {name} {label} in:\n{string.Join("\n", exposition.Split("\n").Where(l => !l.StartsWith('#')).Select(l => l.Length > 200 ? l[..200] : l))}");
        return samples.Sum();
    }

    // Label values may hold braces (http_route="/api/users/{referralCode}"), so they are matched as quoted strings.
    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>(?:[^""}]|""(?:[^""\\]|\\.)*"")*)\})? (?<value>[-+0-9.eE]+|NaN)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
