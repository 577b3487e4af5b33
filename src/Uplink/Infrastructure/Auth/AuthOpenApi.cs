using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Uplink.Infrastructure.Auth;

/// <summary>
/// Tells OpenAPI clients how to authenticate: the document declares the schemes, and each
/// operation lists the ones its endpoint's authorization metadata asks for, resolved the way the
/// authorization middleware resolves them, so a new protected group shows up without a list here.
/// </summary>
internal static class AuthOpenApi
{
    public static OpenApiOptions AddSecurityDescriptions(this OpenApiOptions options) => options
        .AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[JwtBearerDefaults.AuthenticationScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A member's token from POST /api/auth/callback (the site sends it in its session cookie).",
            };
            document.Components.SecuritySchemes[ApiKeyHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyHandler.HeaderName,
                Description = "The key of trusted services (Auth:ServiceApiKey).",
            };
            return Task.CompletedTask;
        })
        .AddOperationTransformer(async (operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any())
            {
                return;
            }

            var services = context.ApplicationServices;
            var policy = await AuthorizationPolicy.CombineAsync(services.GetRequiredService<IAuthorizationPolicyProvider>(),
                metadata.OfType<IAuthorizeData>(), metadata.OfType<AuthorizationPolicy>());
            if (policy is null)
            {
                return;
            }

            // A policy naming no scheme is checked against the default one (JwtBearer).
            IEnumerable<string> schemes = policy.AuthenticationSchemes;
            if (policy.AuthenticationSchemes.Count == 0 &&
                await services.GetRequiredService<IAuthenticationSchemeProvider>().GetDefaultAuthenticateSchemeAsync() is { } fallback)
            {
                schemes = [fallback.Name];
            }

            // Requirement objects are alternatives: any one of the policy's schemes will do.
            operation.Security ??= [];
            foreach (var scheme in schemes)
            {
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] });
            }

            operation.Responses ??= [];
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "Missing or invalid credentials" });
        });
}
