using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Uplink.Infrastructure.Web;

internal static class ProxyExtensions
{
    public static IServiceCollection AddUplinkProxy(this IServiceCollection services)
    {
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.SectionName)
            .Configure<IConfiguration>((o, configuration) =>
            {
                // One comma-separated value is easier in an environment file: Proxy__KnownNetworks=10.0.0.0/8,172.16.0.0/12
                o.KnownProxies = Split(configuration, "KnownProxies", o.KnownProxies);
                o.KnownNetworks = Split(configuration, "KnownNetworks", o.KnownNetworks);
            })
            .ValidateDataAnnotations()
            .Validate(o => o.IsValid(),
                "Proxy:KnownProxies must be IP addresses and Proxy:KnownNetworks networks in CIDR notation (10.0.0.0/8).")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((o, proxy) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.ForwardLimit = proxy.Value.ForwardLimit;
            // The framework trusts loopback by default; only what is configured is trusted here.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var address in proxy.Value.Proxies)
            {
                o.KnownProxies.Add(address);
            }

            foreach (var network in proxy.Value.Networks)
            {
                o.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }

    /// <summary>
    /// First in the pipeline: the client address (rate limits, login notices), the scheme (Secure
    /// cookies, redirects) and the host come from trusted proxies' headers from here on.
    /// </summary>
    public static WebApplication UseUplinkProxy(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.Enabled)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    private static List<string> Split(IConfiguration configuration, string key, List<string> bound)
    {
        var single = configuration[$"{ProxyOptions.SectionName}:{key}"];
        return single is null
            ? bound
            : [.. single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }
}
