using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Uplink.Features.Events;
using Uplink.Tests.Infrastructure;

namespace Uplink.Tests.Features.Events;

/// <summary>Steps the event tests share.</summary>
internal static class EventSteps
{
    /// <summary>Runs one sync against <paramref name="url"/>, as the background job does.</summary>
    public static async Task<SyncReport> ImportAsync(this UplinkApp app, Uri url)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EventImporter>().ImportAsync(url, CancellationToken.None);
    }

    /// <summary>Every stored event of that source, by external id.</summary>
    public static Task<Dictionary<string, Event>> EventsFromAsync(this UplinkApp app, Uri url) =>
        app.QueryAsync(db => db.Events.AsNoTracking().Where(e => e.Source == EventImporter.SourceKey(url)).ToDictionaryAsync(e => e.ExternalId!));

    /// <summary>Creates an event through the service API and returns its JSON.</summary>
    public static async Task<JsonElement> CreateEventAsync(this HttpClient client, object body)
    {
        using var response = await client.SendAsync(ServiceRequest(HttpMethod.Post, "/api/events", body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A coming event starting <paramref name="from"/> from now (real clock), with a unique title.</summary>
    public static async Task<long> CreateEventAsync(this HttpClient client, string title, TimeSpan from, string? place = null)
    {
        var created = await client.CreateEventAsync(new
        {
            title, starts_at = Iso(DateTimeOffset.UtcNow + from), ends_at = Iso(DateTimeOffset.UtcNow + from + TimeSpan.FromHours(2)), place,
        });
        return created.GetProperty("id").GetInt64();
    }

    /// <summary>A request from a trusted service; a null <paramref name="key"/> sends no <c>X-Api-Key</c> at all.</summary>
    public static HttpRequestMessage ServiceRequest(HttpMethod method, string path, object? body = null, string? key = UplinkApp.ServiceApiKey)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = body as HttpContent ?? JsonContent.Create(body);
        }

        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return request;
    }

    public static string Iso(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>Whole seconds: what feeds carry.</summary>
    public static DateTimeOffset Seconds(DateTimeOffset value) => DateTimeOffset.FromUnixTimeSeconds(value.ToUnixTimeSeconds());

    /// <summary>Waits until the host's background sync has completed <paramref name="count"/> runs.</summary>
    public static Task SyncedAsync(EventJobsStatus status, int count) =>
        WaitUntilAsync(() => status.Syncs, n => n >= count, $"sync number {count}");

    /// <summary>Polls (bounded) until a host's background job has got somewhere.</summary>
    public static async Task<T> WaitUntilAsync<T>(Func<T> read, Func<T, bool> done, string what)
    {
        for (var i = 0; i < 200; i++)
        {
            var value = read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"Timed out waiting for {what}; last value: {read()}");
    }
}
