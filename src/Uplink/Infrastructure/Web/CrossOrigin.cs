namespace Uplink.Infrastructure.Web;

/// <summary>The "Cors" section: the web apps on other origins that may call the JSON API from a browser.</summary>
internal sealed class CrossOriginOptions
{
    public const string SectionName = "Cors";

    /// <summary>Origins such as <c>https://community.example</c>; none by default.</summary>
    public List<string> AllowedOrigins { get; set; } = [];
}

/// <summary>
/// ASP.NET Core's CORS middleware on <c>/api</c> only: a listed origin may call the API with a Bearer
/// token, never with cookies (no credentials), so the site's session cookie is of no use elsewhere.
/// </summary>
internal static class CrossOrigin
{
    public const string ApiPolicy = "api";

    public static IServiceCollection AddUplinkCors(this IServiceCollection services)
    {
        services.AddOptions<CrossOriginOptions>().BindConfiguration(CrossOriginOptions.SectionName)
            .Validate(o => o.AllowedOrigins.All(IsOrigin),
                "Cors:AllowedOrigins must be origins: scheme, host and port only, e.g. https://community.example.")
            .ValidateOnStart();
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<CrossOriginOptions>>((cors, origins) => cors.AddPolicy(ApiPolicy, policy => policy
                .WithOrigins([.. origins.Value.AllowedOrigins.Select(o => o.TrimEnd('/'))])
                .WithHeaders("Authorization", "Content-Type", "Accept")
                .WithMethods("GET", "POST", "PATCH")
                .WithExposedHeaders("Retry-After")));
        return services;
    }

    /// <summary>Between routing and authentication, so that a preflight is answered before anything asks for a token.</summary>
    public static WebApplication UseUplinkCors(this WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseCors(ApiPolicy));
        return app;
    }

    private static bool IsOrigin(string value) =>
        Uri.TryCreate(value.TrimEnd('/'), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" &&
        uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo);
}
