using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Features.Auth;

/// <summary>Steps the login tests share: get a QR from the bot, read it back, spend its code.</summary>
internal static partial class AuthSteps
{
    /// <summary>A registered member asks the bot for a QR code; returns the link its image carries.</summary>
    public static async Task<string> RequestQrLinkAsync(this TelegramUser user)
    {
        // Login notices arrive on their own schedule; the QR is the photo.
        var photo = await user.SendAsync("/qr", m => m.Method == "sendPhoto");
        Assert.Equal("sendPhoto", photo.Method);
        return await DecodeQrAsync(photo.Photo!);
    }

    public static string CodeOf(string link) => LoginLink().Match(link) is { Success: true } m
        ? m.Groups[1].Value
        : throw new Xunit.Sdk.XunitException($"Not a login link: {link}");

    /// <summary>Reads a QR code image with zbarimg (Debian's zbar-tools), as a phone's camera would.</summary>
    public static async Task<string> DecodeQrAsync(byte[] png)
    {
        var file = Path.Combine(Path.GetTempPath(), $"uplink-qr-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(file, png);
        try
        {
            var info = new ProcessStartInfo("zbarimg", ["--raw", "-q", file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(info) ?? throw new InvalidOperationException("zbarimg did not start: run ./test.sh");
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
            return output.TrimEnd('\n');
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static Task<HttpResponseMessage> RedeemAsync(this HttpClient client, string code) =>
        client.PostAsJsonAsync("/api/auth/callback", new { code });

    /// <summary>Redeems and returns the access token, asserting success.</summary>
    public static async Task<string> LoginAsync(this HttpClient client, string code)
    {
        using var response = await client.RedeemAsync(code);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>A code for a member, from the trusted-service endpoint.</summary>
    public static async Task<string> GenerateCodeAsync(this HttpClient client, long telegramUserId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/code/generate")
        {
            Content = JsonContent.Create(new { user_id = telegramUserId }),
        };
        request.Headers.Add("X-Api-Key", UplinkApp.ServiceApiKey);
        using var response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    [GeneratedRegex("^https://uplink\\.example\\.org/auth/callback\\?code=([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$")]
    private static partial Regex LoginLink();
}
