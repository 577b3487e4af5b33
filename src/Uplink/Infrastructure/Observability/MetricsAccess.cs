using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Uplink.Infrastructure.Observability;

/// <summary>
/// Who may read <c>/metrics</c>: loopback clients, clients in <c>Observability:MetricsAllowedNetworks</c>,
/// and anyone presenting <c>Observability:MetricsScrapeKey</c> as a bearer token. Others get 403:
/// the path is well known anyway, and a plain refusal tells an operator what to fix.
/// </summary>
internal sealed class MetricsAccess(IOptions<ObservabilityOptions> options)
{
    private readonly byte[]? _keyHash = string.IsNullOrEmpty(options.Value.MetricsScrapeKey)
        ? null
        : SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.MetricsScrapeKey));

    public bool Allows(HttpContext context) => HasScrapeKey(context.Request) || IsAllowedClient(context);

    private bool IsAllowedClient(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is not { } address)
        {
            return false; // a Unix socket or a test host without an address: only the key opens
        }

        address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        // A reverse proxy on the same machine connects from loopback for every outside client; a
        // request it forwarded names the real client, so loopback alone does not vouch for it.
        var forwarded = context.Request.Headers.ContainsKey("X-Forwarded-For") || context.Request.Headers.ContainsKey("Forwarded");
        return (IPAddress.IsLoopback(address) && !forwarded) || options.Value.Networks.Exists(n => n.Contains(address));
    }

    private bool HasScrapeKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (_keyHash is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Hashing first makes the comparison constant-time whatever the lengths.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _keyHash);
    }

    /// <summary>The middleware in front of the exporter: 403 problem unless <see cref="Allows"/>.</summary>
    public static void Guard(IApplicationBuilder branch) => branch.Use(async (context, next) =>
    {
        if (context.RequestServices.GetRequiredService<MetricsAccess>().Allows(context))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.Headers[HeaderNames.CacheControl] = "no-store";
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Metrics are not public",
                Detail = "Scrape from loopback or an allowed network (Observability:MetricsAllowedNetworks), or with the scrape key.",
            },
        });
    });
}
