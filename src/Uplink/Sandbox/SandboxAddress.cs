using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Uplink.Sandbox;

/// <summary>
/// Sends the bot's Bot API calls to this very host. Its address is known only once Kestrel listens
/// (port 0, <c>--urls</c>), after the bot's options are built, so the options name a placeholder
/// and this handler, on the bot's HTTP client, waits for the server and rewrites the address. The
/// path is added here too: Telegram.Bot keeps only the scheme, host and port of its base URL.
/// </summary>
internal sealed class SandboxAddress(IServer server, IHostApplicationLifetime lifetime) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && uri.Host == SandboxBot.PlaceholderBaseUrl.Host)
        {
            await WhenListeningAsync(cancellationToken);
            request.RequestUri = new UriBuilder(uri) { Scheme = Own.Scheme, Host = Own.Host, Port = Own.Port, Path = SandboxBot.Path + uri.AbsolutePath }.Uri;
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private Uri Own => field ??= Loopback(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);

    private Task WhenListeningAsync(CancellationToken ct)
    {
        if (lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(ct);
    }

    /// <summary>The first address, plain http preferred, reached over loopback whatever interface it names (0.0.0.0, [::], +, localhost).</summary>
    internal static Uri Loopback(IEnumerable<string> addresses)
    {
        var listed = addresses.Select(a => a.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal))
            .Select(a => new Uri(a)).OrderBy(u => u.Scheme == "http" ? 0 : 1).ToList();
        var first = listed.FirstOrDefault()
            ?? throw new InvalidOperationException("The sandbox needs the host to listen on an address (Urls).");
        var host = first.Host is "[::1]" ? first.Host : "127.0.0.1";
        return new UriBuilder(first.Scheme, host, first.Port).Uri;
    }
}
