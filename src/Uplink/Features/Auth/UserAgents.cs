namespace Uplink.Features.Auth;

/// <summary>A short human name for a User-Agent ("Firefox on Linux"), good enough for a login notice.</summary>
internal static class UserAgents
{
    public static string Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "an unknown browser";
        }

        // Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
        string? browser = Has("Edg/") ? "Edge" : Has("OPR/") ? "Opera" : Has("Firefox/") ? "Firefox"
            : Has("Chrome/") || Has("Chromium/") ? "Chrome" : Has("Safari/") ? "Safari" : Has("curl/") ? "curl" : null;
        string? system = Has("Android") ? "Android" : Has("iPhone") || Has("iPad") ? "iOS" : Has("Windows") ? "Windows"
            : Has("Mac OS X") ? "macOS" : Has("Linux") ? "Linux" : null;
        return (browser, system) switch
        {
            (null, null) => userAgent.Length <= 40 ? userAgent : userAgent[..40] + "…",
            (_, null) => browser!,
            (null, _) => $"a browser on {system}",
            _ => $"{browser} on {system}",
        };

        bool Has(string token) => userAgent.Contains(token, StringComparison.OrdinalIgnoreCase);
    }
}
