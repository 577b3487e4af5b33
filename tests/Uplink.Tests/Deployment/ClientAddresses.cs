using System.Net;
using System.Net.Sockets;

namespace Uplink.Tests.Deployment;

/// <summary>
/// HTTP clients that connect from a chosen loopback address (all of 127.0.0.0/8 is local on Linux):
/// to nginx they are distinct real clients, as people behind the proxy are.
/// </summary>
internal static class ClientAddresses
{
    public static HttpClient From(string address, string baseUrl) => new(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = new Uri(baseUrl),
    };
}
