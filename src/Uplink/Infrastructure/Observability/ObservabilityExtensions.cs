using OpenTelemetry.Metrics;
using Uplink.Infrastructure.Auth;

namespace Uplink.Infrastructure.Observability;

internal static class ObservabilityExtensions
{
    public static IServiceCollection AddUplinkObservability(this IServiceCollection services)
    {
        services.AddSingleton<UplinkMetrics>();
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
        app.MapPrometheusScrapingEndpoint("/metrics");
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
