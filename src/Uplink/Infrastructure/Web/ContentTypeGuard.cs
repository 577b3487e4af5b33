using System.Text;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Uplink.Infrastructure.Web;

/// <summary>
/// Refuses, before any endpoint runs, a request whose <c>Content-Type</c> cannot be read: a media
/// type that does not parse gets 400, a charset with no encoding behind it 415 (problem+json both).
/// </summary>
/// <remarks>
/// Minimal APIs read JSON bodies with <c>ReadFromJsonAsync</c>, which throws
/// <see cref="InvalidOperationException"/> for an unknown charset; the request delegate catches
/// only <c>BadHttpRequestException</c>, <c>IOException</c> and <c>JsonException</c> while binding,
/// so every JSON route answered 500 — and bound the body before any key check. The check mirrors
/// the framework's own charset lookup (quotes stripped, <see cref="Encoding.GetEncoding(string)"/>),
/// so whatever passes here decodes there. Pages read forms through <c>MediaTypeHeaderValue.Encoding</c>,
/// which falls back to UTF-8 quietly; refusing there too keeps one rule for every route.
/// </remarks>
internal static class ContentTypeGuard
{
    public static IApplicationBuilder UseContentTypeGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (Refusal(context.Request.Headers.ContentType) is not { } refusal)
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = refusal.Status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = refusal.Status, Title = refusal.Title, Detail = refusal.Detail },
        });
    });

    internal sealed record Problem(int Status, string Title, string Detail);

    internal static Problem? Refusal(StringValues header)
    {
        if (StringValues.IsNullOrEmpty(header))
        {
            return null;
        }

        if (header.Count > 1 || !MediaTypeHeaderValue.TryParse(header.ToString(), out var mediaType))
        {
            return new(StatusCodes.Status400BadRequest, "Malformed Content-Type",
                "The Content-Type header is not one media type, e.g. application/json; charset=utf-8.");
        }

        foreach (var parameter in mediaType.Parameters)
        {
            if (parameter.Name.Equals("charset", StringComparison.OrdinalIgnoreCase) && !IsKnownCharset(parameter.Value))
            {
                return new(StatusCodes.Status415UnsupportedMediaType, "Unsupported charset",
                    "The body's charset is unknown; send UTF-8 (application/json; charset=utf-8).");
            }
        }

        return null;
    }

    private static bool IsKnownCharset(StringSegment charset)
    {
        var name = charset.Length > 2 && charset[0] == '"' && charset[^1] == '"' ? charset.Subsegment(1, charset.Length - 2) : charset;
        if (name.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        try
        {
            Encoding.GetEncoding(name.Value ?? "");
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return false; // UTF-7 is known by name but refused since .NET 5
        }
    }
}
