using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Uplink.Infrastructure.Auth;

namespace Uplink.Infrastructure.Observability;

internal static class ObservabilityExtensions
{
    public static IServiceCollection AddUplinkObservability(this IServiceCollection services)
    {
        services.AddSingleton<UplinkMetrics>();
        services.AddOptions<ObservabilityOptions>()
            .BindConfiguration(ObservabilityOptions.SectionName)
            .Configure<IConfiguration>((o, configuration) => o.Parse(configuration))
            .Validate(o => o.Malformed.Count == 0,
                "Observability:MetricsAllowedNetworks must be networks in CIDR notation, e.g. 10.0.0.0/8 or fd00::/8.")
            .ValidateOnStart();
        services.AddSingleton<MetricsAccess>();
        // Every logger goes through the redactor, whatever the providers and levels configured.
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(), sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(), sp.GetService<IExternalScopeProvider>()))));
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            // ASP.NET Core's own meters: request counts and latency by route, rate limiting, Kestrel.
            .AddMeter(UplinkMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Routing",
                "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting", "Microsoft.AspNetCore.Server.Kestrel",
                "System.Net.Http")
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>Adds the member id to the log scope of authenticated requests, and serves /metrics.</summary>
    public static WebApplication MapUplinkObservability(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, MetricsAccess.Guard, optionsName: null);
        return app;
    }

    public static WebApplication UseMemberLogScope(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Uplink.Requests");
        app.Use(async (context, next) =>
        {
            if (context.User.MemberId() is not { } member)
            {
                await next(context);
                return;
            }

            using (logger.BeginScope(new Dictionary<string, object> { ["MemberId"] = member }))
            {
                await next(context);
            }
        });
        return app;
    }
}
