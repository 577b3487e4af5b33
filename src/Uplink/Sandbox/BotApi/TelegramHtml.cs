using System.Net;
using System.Text.RegularExpressions;

namespace Uplink.Sandbox.BotApi;

/// <summary>
/// Checks text sent with parse_mode=HTML the way Telegram does: only its tags, properly nested,
/// and every &lt;, &gt; and &amp; outside a tag written as an entity. A name like
/// <c>&lt;b&gt;_*[</c> sent unescaped makes Telegram answer 400 "can't parse entities".
/// </summary>
internal static partial class TelegramHtml
{
    private static readonly HashSet<string> Tags =
    [
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span",
        "tg-spoiler", "tg-emoji", "blockquote",
    ];

    public static string? Validate(string text)
    {
        var open = new Stack<string>();
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '<':
                    var end = text.IndexOf('>', i);
                    if (end < 0)
                    {
                        return $"Can't find end of the tag starting at byte offset {i}";
                    }

                    var tag = text[(i + 1)..end];
                    if (tag.StartsWith('/'))
                    {
                        var closing = tag[1..].Trim();
                        if (open.Count == 0 || open.Pop() != closing)
                        {
                            return $"Unmatched end tag at byte offset {i}, expected \"</{(open.Count > 0 ? open.Peek() : "")}>\", found \"</{closing}>\"";
                        }
                    }
                    else
                    {
                        var name = tag.Split(' ', 2)[0];
                        if (!Tags.Contains(name))
                        {
                            return $"Unsupported start tag \"{name}\" at byte offset {i}";
                        }

                        open.Push(name);
                    }

                    i = end;
                    break;
                case '>':
                    return $"Unexpected \">\" at byte offset {i}";
                case '&':
                    var semicolon = text.IndexOf(';', i);
                    if (semicolon < 0 || !Entity().IsMatch(text[(i + 1)..semicolon]))
                    {
                        return $"Unsupported HTML entity at byte offset {i}";
                    }

                    i = semicolon;
                    break;
            }
        }

        return open.Count > 0 ? $"Can't find end tag corresponding to start tag \"{open.Peek()}\"" : null;
    }

    /// <summary>What the user sees: tags dropped, entities decoded.</summary>
    public static string ToPlainText(string html) => WebUtility.HtmlDecode(AnyTag().Replace(html, ""));

    [GeneratedRegex("^(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6})$")]
    private static partial Regex Entity();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex AnyTag();
}
