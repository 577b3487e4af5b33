using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Uplink.Features.Events;
using Uplink.Infrastructure.Auth;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.Observability;
using static Uplink.Tests.Features.Events.EventSteps;

namespace Uplink.Tests.Features.Events;

/// <summary>The background sync's schedule, on hosts of their own whose clock the test moves.</summary>
public sealed class EventSyncServiceTests
{
    [Fact]
    public async Task The_source_is_synced_at_start_and_each_interval_and_a_404_slows_it_down_and_is_logged_once()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var t0 = time.GetUtcNow();
        await using var site = await FakeEventsSite.StartAsync();
        await using var app = new UplinkApp(telegram: null, new Dictionary<string, string?>
        {
            ["Events:SourceUrl"] = site.Url("/api/events?key=secret").ToString(),
            ["Events:SyncInterval"] = "00:10:00",
            ["Events:NotFoundRetryInterval"] = "01:00:00",
        }, time: time);
        app.StartServer();
        var status = app.Services.GetRequiredService<EventJobsStatus>();

        // At start the site has no events endpoint: asked again in an hour, not in ten minutes.
        await SyncedAsync(status, 1);
        Assert.Equal((SyncOutcome.NotFound, t0 + TimeSpan.FromHours(1)), (status.LastSync!.Outcome, status.NextSyncAt));
        time.Advance(TimeSpan.FromHours(1));
        await SyncedAsync(status, 2);
        Assert.Equal((SyncOutcome.NotFound, t0 + TimeSpan.FromHours(2)), (status.LastSync!.Outcome, status.NextSyncAt));
        Assert.Equal(2, site.Hits("/api/events"));
        Assert.Single(app.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("answered 404", StringComparison.Ordinal));

        // The site gets its endpoint: imported at the next try, then back to the normal pace.
        site.Serve("/api/events", $$"""{"events": [{"id": 7, "title": "Launch party", "starts_at": "{{Iso(t0.AddDays(3))}}"}]}""");
        time.Advance(TimeSpan.FromHours(1));
        await SyncedAsync(status, 3);
        Assert.Equal((SyncOutcome.Imported, 1), (status.LastSync!.Outcome, status.LastSync.Added));
        Assert.Equal(t0 + TimeSpan.FromHours(2) + TimeSpan.FromMinutes(10), status.NextSyncAt);
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Message.Contains("answers again", StringComparison.Ordinal));

        // Garbage later on is logged and changes nothing.
        site.Serve("/api/events", "<html>maintenance</html>", "text/html");
        time.Advance(TimeSpan.FromMinutes(10));
        await SyncedAsync(status, 4);
        Assert.Equal(SyncOutcome.Malformed, status.LastSync!.Outcome);
        var events = await ReadinessOfEventsAsync(app);
        Assert.Equal("Healthy", events.GetProperty("status").GetString()); // the imported events are still served
        Assert.Equal("Malformed", events.GetProperty("data").GetProperty("last_sync_outcome").GetString());
        Assert.Equal((t0 + TimeSpan.FromHours(2) + TimeSpan.FromMinutes(20)).ToString("O"), events.GetProperty("data").GetProperty("next_sync_at").GetString());
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("events imported before are kept", StringComparison.Ordinal));
        var kept = Assert.Single(await app.EventsFromAsync(site.Url("/api/events")));
        Assert.Equal(("Launch party", EventStatus.Scheduled), (kept.Value.Title, kept.Value.Status));

        // The key in the source's query string is neither stored nor logged.
        Assert.Equal($"{site.BaseUrl.Authority}/api/events", kept.Value.Source);
        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Message.Contains("secret", StringComparison.Ordinal));

        // Each outcome is counted at /metrics.
        using var client = app.CreateClient();
        var metrics = await client.GetStringAsync("/metrics");
        Assert.True(MetricsTests.Value(metrics, "uplink_events_imports_total", "outcome=\"notfound\"") >= 2);
        Assert.True(MetricsTests.Value(metrics, "uplink_events_imports_total", "outcome=\"imported\"") >= 1);
        Assert.True(MetricsTests.Value(metrics, "uplink_events_imports_total", "outcome=\"malformed\"") >= 1);
    }

    [Fact]
    public async Task Without_a_source_nothing_is_imported_and_the_site_still_runs()
    {
        // Empty, as an unset environment variable (Events__SourceUrl=) leaves it.
        await using var app = new UplinkApp(telegram: null, new Dictionary<string, string?> { ["Events:SourceUrl"] = "" });
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/events");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Message.Contains("Events:SourceUrl is not set", StringComparison.Ordinal));
        var events = (await ReadinessOfEventsAsync(app)).GetProperty("data");
        Assert.Equal(("none", 0), (events.GetProperty("source").GetString(), events.GetProperty("syncs").GetInt32()));
    }

    private static async Task<System.Text.Json.JsonElement> ReadinessOfEventsAsync(UplinkApp app)
    {
        using var client = app.CreateClient();
        using var report = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/health/ready"));
        return report.RootElement.GetProperty("checks").GetProperty("events").Clone();
    }

    [Theory]
    [InlineData("Events:SourceUrl", "not a url")]
    [InlineData("Events:SourceUrl", "ftp://example.org/events")]
    [InlineData("Events:SyncInterval", "00:00:00")]
    [InlineData("Events:DefaultTimeZone", "Mars/Olympus")]
    [InlineData("Events:AttemptTimeout", "00:10:00")]
    [InlineData("Admin:TelegramIds", "12,abc")]
    public void Bad_settings_stop_the_service_with_a_message_naming_the_key(string key, string value)
    {
        // The events and admin registrations with that setting; the host runs exactly this
        // start-up validation before it starts anything. (Through a whole host, a failed start now
        // and then surfaces as an ObjectDisposedException from the factory's teardown instead.)
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build())
            .AddLogging()
            .AddUplinkAuth()
            .AddEvents()
            .BuildServiceProvider();

        var error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(key.Split(':')[0], error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_settings_pass_the_same_validation()
    {
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddLogging()
            .AddUplinkAuth()
            .AddEvents()
            .BuildServiceProvider();

        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Theory]
    [InlineData("Admin:TelegramIds", "11, 22")]
    [InlineData("Admin:TelegramIds:0", "11")]
    public async Task Admins_are_listed_as_one_value_or_as_an_array(string key, string value)
    {
        await using var app = new UplinkApp(telegram: null, new Dictionary<string, string?> { ["Admin:TelegramIds:0"] = null, [key] = value });
        using var client = app.CreateClient();

        var admins = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Uplink.Infrastructure.Auth.AdminOptions>>().Value;

        Assert.True(admins.IsAdmin(11));
        Assert.Equal(value.Contains(',', StringComparison.Ordinal), admins.IsAdmin(22));
        Assert.False(admins.IsAdmin(UplinkApp.AdminTelegramId));
    }
}
