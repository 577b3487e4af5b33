using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Uplink.Tests.Infrastructure;

/// <summary>
/// A community website on 127.0.0.1 whose events endpoint answers what a test sets: JSON or
/// iCalendar, an error status, a slow answer, garbage. Paths nobody set answer 404, like a site
/// without an events endpoint. Each test starts its own: the HTTP client's circuit breaker is per site.
/// </summary>
public sealed class FakeEventsSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Answer> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);

    private FakeEventsSite(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    private static int _sites;

    public static async Task<FakeEventsSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Each site on an address of its own in 127.0.0.0/8 (all loopback on Linux): Uplink keeps a
        // resilience pipeline, circuit breaker included, per authority, and a port the OS hands out
        // again must not inherit the breaker state an earlier test left behind.
        var n = Interlocked.Increment(ref _sites);
        var address = $"127.0.{1 + (n / 250 % 250)}.{2 + (n % 250)}";
        builder.WebHost.UseUrls($"http://{address}:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var site = new FakeEventsSite(app);
        app.Run(site.HandleAsync);
        await app.StartAsync();
        site.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        return site;
    }

    public Uri Url(string path) => new(BaseUrl, path);

    /// <summary>From now on <paramref name="path"/> answers this.</summary>
    public void Serve(string path, string body, string contentType = "application/json", int status = 200) =>
        _answers[path] = new Answer(status, body, contentType, TimeSpan.Zero);

    /// <summary>Answers only after <paramref name="delay"/> (or never, if the client gives up first).</summary>
    public void ServeSlowly(string path, TimeSpan delay, string body = "[]") =>
        _answers[path] = new Answer(200, body, "application/json", delay);

    /// <summary>Requests that reached <paramref name="path"/>.</summary>
    public int Hits(string path) => _hits.GetValueOrDefault(path);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "/";
        _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (!_answers.TryGetValue(path, out var answer))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            await http.Response.WriteAsync("<html><body>Not Found</body></html>");
            return;
        }

        if (answer.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(answer.Delay, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the client gave up, as it should
            }
        }

        http.Response.StatusCode = answer.Status;
        http.Response.ContentType = answer.ContentType;
        await http.Response.WriteAsync(answer.Body);
    }

    private sealed record Answer(int Status, string Body, string ContentType, TimeSpan Delay);
}
