using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Uplink.Tests.Infrastructure;

/// <summary>
/// The test server has no network, so no client address: this puts one in first thing, from the
/// <see cref="Header"/> a test sends to act as a remote client, else loopback (as a local client).
/// </summary>
public sealed class FakeRemoteAddress : IStartupFilter
{
    public const string Header = "X-Test-Remote-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }
            else
            {
                context.Connection.RemoteIpAddress ??= IPAddress.Loopback;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
