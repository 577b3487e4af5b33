namespace Uplink.Infrastructure.Leases;

internal static class LeaseExtensions
{
    /// <summary>Leases in the shared database: who polls the bot, which instance runs a periodic job.</summary>
    public static IServiceCollection AddUplinkLeases(this IServiceCollection services) => services
        .AddSingleton<Leases>()
        .AddSingleton<LeaseKeeper>();
}
