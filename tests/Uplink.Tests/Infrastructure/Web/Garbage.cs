using System.Text;

namespace Uplink.Tests.Infrastructure.Web;

/// <summary>
/// What a hostile or broken client sends: systematic classes (every one tried on every route) and
/// random mixes of them, from a seeded <see cref="Random"/> so that a failure can be replayed.
/// </summary>
internal static class Garbage
{
    /// <summary>Content-Type values: well-formed, unknown or malformed charsets, malformed media types, wrong types.</summary>
    public static readonly string?[] ContentTypes =
    [
        null, "application/json", "application/json; charset=utf-8", "APPLICATION/JSON; CHARSET=UTF-8",
        "application/json; charset=foo", "application/json; charset=\"", "application/json; charset=\"\"",
        "application/json; charset=\"utf-8", "application/json; charset=", "application/json;;", "application/json; ;charset=utf-8",
        "application/json; charset=utf-16", "application/json; charset=utf-32", "application/json; charset=utf-7",
        "application/json; charset=latin1", "application/json; charset=utf-8; charset=foo", "application/json; charset=x-unknown-1",
        "application/problem+json; charset=bogus", "application/merge-patch+json", "text/json; charset=nope",
        "text/plain", "text/plain; charset=foo", "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=foo",
        "multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=xyz", "multipart/form-data; boundary=\"",
        "garbage", "/", "application/", "/json", "*/*", "application/json, text/plain", "application/json; q", "\u00e9/\u00e9",
        "application/json; charset=" + new string('x', 300),
    ];

    /// <summary>Values for path and query parameters.</summary>
    public static readonly string[] Segments =
    [
        "0", "-1", "1", "9223372036854775807", "99999999999999999999999", "1e400", "NaN", "true", "null", "",
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%2f..%2fappsettings.json", "..%5c..%5cweb.config", "%00", "%ff%fe", "%c3%28",
        "%F0%9F%99%82", "%E2%80%AE", "UP-ZZZZZZ", "up-000000", "00000000-0000-4000-8000-000000000000",
        "%25%32%65", "%3Cscript%3E", "'%20OR%201=1--", new string('A', 4000), "0001-01-01T00:00:00%2B14:00",
        "9999-12-31T23:59:59-14:00", "%7B%7D",
    ];

    /// <summary>Strings that go inside JSON values: edges of dates and numbers, odd unicode, control characters.</summary>
    public static readonly string[] JsonValues =
    [
        "0", "-1", "1.5", "1e400", "-1e400", "99999999999999999999999999", "true", "false", "null", "[]", "{}", "[null]",
        "\"\"", "\" \"", "\"x\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u202e\\u200b\\ufeff\"", "\"\u0001\u0007\u001b\"",
        "\"\\n\\r\\t\"", "\"\ud83d\ude42\"", "\"" + new string('x', 70_000) + "\"",
        "\"0001-01-01T00:00:00\"", "\"0001-01-01T00:00:00+14:00\"", "\"0001-01-01T00:00:00Z\"", "\"0001-01-01\"",
        "\"9999-12-31T23:59:59\"", "\"9999-12-31T23:59:59-14:00\"", "\"9999-12-31T23:59:59.9999999Z\"", "\"9999-12-31\"",
        "\"-1\"", "\"253402300800\"", "\"-62135596800\"", "253402300799999", "\"Etc/GMT-14\"", "\"Pacific/Kiritimati\"",
        "\"Etc/GMT+12\"", "\"../../etc/passwd\"", "\"javascript:alert(1)\"", "\"http://[::1\"", "\"UP-ZZZZZZ\"",
    ];

    public static IEnumerable<byte[]> SystematicBodies(IReadOnlyList<string> fields)
    {
        string[] plain =
        [
            "", " ", "{}", "[]", "null", "0", "\"x\"", "{", "{\"", "{\"a\":", "[1,", "{}{}", "\uFEFF{}", "{\"a\":1,}", "{'a':1}",
            new string('[', 10_000) + new string(']', 10_000), Nest(5_000), "code=x&__RequestVerificationToken=y", "\0\0\0",
        ];
        foreach (var text in plain)
        {
            yield return Encoding.UTF8.GetBytes(text);
        }

        yield return [0xFF, 0xFE, 0x7B, 0x7D];
        yield return [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]; // invalid UTF-8 inside a string
        yield return Encoding.UTF8.GetBytes("{\"code\":\"" + new string('a', 1_100_000) + "\"}"); // over the body limit
        // Every field at once, each value in turn: wrong types, edge dates, odd unicode.
        foreach (var value in JsonValues)
        {
            yield return Encoding.UTF8.GetBytes("{" + string.Join(",", fields.Select(f => $"\"{f}\":{value}")) + "}");
        }
    }

    /// <summary>A random body: a mix of the fields with random values, sometimes truncated or wrapped.</summary>
    public static byte[] RandomBody(Random random, IReadOnlyList<string> fields)
    {
        var parts = fields.Where(_ => random.Next(3) > 0).Select(f => $"\"{f}\":{Pick(random, JsonValues)}");
        var json = "{" + string.Join(",", parts) + "}";
        json = random.Next(6) switch
        {
            0 => json[..random.Next(json.Length + 1)],
            1 => "[" + json + "]",
            2 => json.Replace(":", ": " + Pick(random, ["", "[", "{", "\"", "\\"]), StringComparison.Ordinal),
            _ => json,
        };
        return Encoding.UTF8.GetBytes(json);
    }

    public static string RandomQuery(Random random, IReadOnlyList<string> names)
    {
        var all = names.Concat(["code", "page", "from", "limit", "v", "handler", "returnUrl"]).ToArray();
        var pairs = Enumerable.Range(0, random.Next(1, 4)).Select(_ => $"{Pick(random, all)}={Pick(random, Segments)}");
        return "?" + string.Join("&", pairs);
    }

    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Nest(int depth) =>
        string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
}
