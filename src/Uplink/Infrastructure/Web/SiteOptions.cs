using System.ComponentModel.DataAnnotations;

namespace Uplink.Infrastructure.Web;

/// <summary>The "Site" section: how the outside world reaches this instance.</summary>
internal sealed class SiteOptions
{
    public const string SectionName = "Site";

    /// <summary>Base of every link and QR the bot sends and of canonical URLs on pages.</summary>
    [Required]
    public Uri PublicUrl { get; set; } = new("http://localhost:5080");

    /// <summary>The community's name, shown on pages and in the bot.</summary>
    [Required, MaxLength(100)]
    public string Name { get; set; } = "Uplink";

    /// <summary>
    /// The web app the bot's QR and login links open (<c>{WebAppUrl}/auth/callback?code=…</c>); unset,
    /// this site. A community's own website can take the code and exchange it through the API.
    /// </summary>
    public Uri? WebAppUrl { get; set; }
}

/// <summary>Absolute URLs of the site's pages, built on <see cref="SiteOptions.PublicUrl"/>.</summary>
internal sealed class SiteUrls(Microsoft.Extensions.Options.IOptions<SiteOptions> options)
{
    private readonly string _base = options.Value.PublicUrl.AbsoluteUri.TrimEnd('/');
    private readonly string _webApp = (options.Value.WebAppUrl ?? options.Value.PublicUrl).AbsoluteUri.TrimEnd('/');

    /// <summary>Whether the site is reached over https, so its cookies must be Secure.</summary>
    public bool IsHttps => options.Value.PublicUrl.Scheme == Uri.UriSchemeHttps;

    /// <summary>An https URL on a public host name: what Telegram's widget and Mini Apps require.</summary>
    public bool IsPublicHttps => IsHttps && IsPublicHost(options.Value.PublicUrl);

    public string Home => _base + "/";

    public string Profile(string referralCode) => $"{_base}/u/{referralCode}";

    public string ProfilePhoto(string referralCode, string version) =>
        $"{_base}/u/{referralCode}/photo?v={Uri.EscapeDataString(version)}";

    public string Absolute(string path) => _base + path;

    /// <summary>The one-time login link a QR code carries, on the web app (<see cref="SiteOptions.WebAppUrl"/>).</summary>
    public string LoginLink(string accessCode) => $"{_webApp}/auth/callback?code={Uri.EscapeDataString(accessCode)}";

    /// <summary>False for localhost and bare IP addresses, which Telegram refuses in URL buttons.</summary>
    public static bool IsPublicHost(Uri url) =>
        !url.IsLoopback && url.HostNameType == UriHostNameType.Dns && url.Host.Contains('.', StringComparison.Ordinal);
}
