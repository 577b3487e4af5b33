using System.Globalization;
using System.Text.Json.Nodes;

namespace Uplink.Sandbox.BotApi;

/// <summary>Bot API parameters arrive as JSON values, or as strings in query strings and multipart forms.</summary>
internal static class BotApiParameters
{
    public static string? Str(this JsonObject p, string name) => p[name] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => null,
    };

    public static long? Long(this JsonObject p, string name) =>
        p.Str(name) is { } s && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static JsonNode? Json(this JsonObject p, string name) => p[name] switch
    {
        JsonObject o => o,
        JsonArray a => a,
        JsonValue v when v.TryGetValue<string>(out var s) && s.StartsWith('{') => JsonNode.Parse(s),
        _ => null,
    };
}
