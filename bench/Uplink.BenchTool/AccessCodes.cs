using System.Net.Http.Json;
using System.Text.Json;

namespace Uplink.BenchTool;

/// <summary>The two calls of a login by access code, as a client site makes them.</summary>
internal static class AccessCodes
{
    /// <summary>POST /api/auth/code/generate with the service key: a code for the member, or null when refused.</summary>
    public static async Task<string?> IssueAsync(HttpClient http, string serviceKey, long telegramUserId, CancellationToken ct = default)
    {
        using var generate = new HttpRequestMessage(HttpMethod.Post, "/api/auth/code/generate") { Content = JsonContent.Create(new { user_id = telegramUserId }) };
        generate.Headers.Add("X-Api-Key", serviceKey);
        using var issued = await http.SendAsync(generate, ct);
        return issued.IsSuccessStatusCode ? (await issued.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetString() : null;
    }

    /// <summary>POST /api/auth/callback: the JWT the code is exchanged for, or null when refused.</summary>
    public static async Task<string?> RedeemAsync(HttpClient http, string? code, CancellationToken ct = default)
    {
        using var redeemed = await http.PostAsJsonAsync("/api/auth/callback", new { code }, ct);
        return redeemed.IsSuccessStatusCode ? (await redeemed.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("access_token").GetString() : null;
    }
}
