using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Uplink.Infrastructure.Auth;
using Uplink.Infrastructure.Data;

namespace Uplink.Features.Admin;

/// <summary>An admin: a trusted service's key, or the token (header or site cookie) of a member listed in <c>Admin:TelegramIds</c>.</summary>
internal sealed class AdminRequirement : IAuthorizationRequirement
{
    public const string Policy = "admin";
}

/// <summary>Tokens name the member, not their Telegram id, so the admin list is checked against the member's row.</summary>
internal sealed class AdminAuthorizationHandler(IServiceScopeFactory scopes) : AuthorizationHandler<AdminRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminRequirement requirement)
    {
        if (context.User.IsInRole(ApiKeyHandler.ServiceRole) ||
            (context.User.MemberId() is { } memberId && await IsAdminMemberAsync(memberId)))
        {
            context.Succeed(requirement);
        }
    }

    private async Task<bool> IsAdminMemberAsync(long memberId)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AdminMembers>().IsAdminAsync(memberId, CancellationToken.None);
    }
}

/// <summary>Whether a member (by id) is an admin.</summary>
internal sealed class AdminMembers(UplinkDbContext db, IOptions<AdminOptions> admins)
{
    public async Task<bool> IsAdminAsync(long memberId, CancellationToken ct) =>
        await db.Members.AsNoTracking().Where(m => m.Id == memberId).Select(m => (long?)m.TelegramUserId).FirstOrDefaultAsync(ct) is { } telegramId &&
        admins.Value.IsAdmin(telegramId);

    public async Task<bool> IsAdminAsync(ClaimsPrincipal user, CancellationToken ct) =>
        user.MemberId() is { } id && await IsAdminAsync(id, ct);
}

internal static class AdminPolicy
{
    public static IServiceCollection AddAdminPolicy(this IServiceCollection services)
    {
        services.AddScoped<AdminMembers>();
        services.AddSingleton<IAuthorizationHandler, AdminAuthorizationHandler>();
        services.AddAuthorizationBuilder().AddPolicy(AdminRequirement.Policy, p => p
            .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme, ApiKeyHandler.SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(new AdminRequirement()));
        return services;
    }
}
