using System.Net;

namespace Uplink.Infrastructure.Web;

/// <summary>Whether a request comes from this machine itself, for what only local clients may use.</summary>
internal static class LocalClients
{
    /// <summary>
    /// True for a loopback connection that no proxy forwarded: a reverse proxy on the same machine
    /// connects from loopback for every outside client, so loopback alone does not vouch for a
    /// request that names another client in <c>X-Forwarded-For</c> or <c>Forwarded</c>.
    /// </summary>
    public static bool IsLocal(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address &&
        IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address) &&
        !context.Request.Headers.ContainsKey("X-Forwarded-For") && !context.Request.Headers.ContainsKey("Forwarded");
}
