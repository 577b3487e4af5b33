namespace Uplink.Sandbox.BotApi;

internal static class BotApiEndpoints
{
    /// <summary>The Bot API's two URL shapes, <c>bot{token}/{method}</c> and <c>file/bot{token}/{path}</c>, under <paramref name="routes"/>.</summary>
    public static IEndpointRouteBuilder MapBotApi(this IEndpointRouteBuilder routes, BotApiServer server)
    {
        routes.Map("/bot{token}/{method}", (string token, string method, HttpContext http) => server.HandleAsync(token, method, http))
            .ExcludeFromDescription();
        routes.MapGet("/file/bot{token}/{**path}", (string token, string path) => server.DownloadFile(token, path))
            .ExcludeFromDescription();
        return routes;
    }
}
