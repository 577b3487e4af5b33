using System.Globalization;
using System.Net;
using System.Text;
using Uplink.Features.Admin;

namespace Uplink.Pages.Admin;

/// <summary>
/// The admin page's chart, drawn on the server as SVG: one bar per day for new members and a line
/// for referrals. No script is needed to read it, and each day has a title (a tooltip) with its figures.
/// </summary>
internal static class DailyChart
{
    private const int Width = 720, Height = 240, Left = 40, Bottom = 24, Top = 12;

    public static string Svg(IReadOnlyList<DailyCount> days, PageTexts texts)
    {
        var max = Math.Max(1, days.Max(d => Math.Max(d.NewMembers, d.Referrals)));
        double plotWidth = Width - Left - 8, plotHeight = Height - Top - Bottom;
        var step = plotWidth / Math.Max(1, days.Count);
        double Y(int value) => Top + plotHeight - (value * plotHeight / max);
        static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var svg = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"""<svg id="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {Width} {Height}" width="100%" role="img" aria-labelledby="chart-title">""")
            .Append(CultureInfo.InvariantCulture, $"""<title id="chart-title">{WebUtility.HtmlEncode(texts["Page.Admin.Chart.Title", Iso(days[0].Day), Iso(days[^1].Day)])}</title>""")
            .Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{N(Top + plotHeight)}" x2="{Width - 8}" y2="{N(Top + plotHeight)}" stroke="currentColor" stroke-opacity=".4"/>""")
            .Append(CultureInfo.InvariantCulture, $"""<text x="{Left - 6}" y="{Top + 10}" text-anchor="end" font-size="11" fill="currentColor">{max}</text>""")
            .Append(CultureInfo.InvariantCulture, $"""<text x="{Left - 6}" y="{N(Top + plotHeight)}" text-anchor="end" font-size="11" fill="currentColor">0</text>""");
        var points = new List<string>(days.Count);
        for (var i = 0; i < days.Count; i++)
        {
            var d = days[i];
            var x = Left + (i * step);
            var label = WebUtility.HtmlEncode(texts["Page.Admin.Chart.Day", Iso(d.Day), d.NewMembers, d.Referrals]);
            svg.Append(CultureInfo.InvariantCulture,
                $"""<rect class="day" x="{N(x + 1)}" y="{N(Y(d.NewMembers))}" width="{N(Math.Max(1, step - 2))}" height="{N(Top + plotHeight - Y(d.NewMembers))}" fill="#2aabee"><title>{label}</title></rect>""");
            points.Add($"{N(x + (step / 2))},{N(Y(d.Referrals))}");
            if (d.Day.Day == 1)
            {
                svg.Append(CultureInfo.InvariantCulture,
                    $"""<text x="{N(x)}" y="{Height - 6}" font-size="11" fill="currentColor">{WebUtility.HtmlEncode(d.Day.ToString("MMM d", texts.Texts.DateCulture))}</text>""");
            }
        }

        svg.Append(CultureInfo.InvariantCulture, $"""<polyline id="referrals-line" points="{string.Join(' ', points)}" fill="none" stroke="#e8590c" stroke-width="2"/>""")
            .Append("</svg>");
        return svg.ToString();
    }
}
