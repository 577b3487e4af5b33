using Microsoft.Extensions.DependencyInjection;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Bot;

[Collection(nameof(SqliteHost))]
public sealed class SecretsInLogsTests(SqliteHost host)
{
    [Fact]
    public async Task Login_codes_and_tokens_never_reach_a_log_line() =>
        await LoginJourneyLogsNoSecretAsync(host.App, host.Telegram);

    [Fact]
    public async Task Nothing_secret_is_logged_at_trace_from_another_content_root()
    {
        // Another content root: appsettings.json and its quiet log levels are not read at all.
        var contentRoot = Directory.CreateTempSubdirectory("uplink-root-").FullName;
        try
        {
            await using var telegram = await FakeBotApi.StartAsync();
            await using var app = new UplinkApp(telegram, new Dictionary<string, string?>
            {
                ["contentRoot"] = contentRoot,
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
            });
            app.StartServer();
            await telegram.WaitForCallAsync("setMyCommands");
            var configuration = app.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();
            Assert.Null(configuration["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"]);

            await LoginJourneyLogsNoSecretAsync(app, telegram);

            // The lines that used to carry codes are written, only without them.
            var messages = app.Logs.GetSnapshot().Select(r => r.Message).ToList();
            Assert.Contains(messages, m => m.Contains("Request starting", StringComparison.Ordinal) && m.Contains("/auth/callback?code=[redacted]", StringComparison.Ordinal));
            Assert.Contains(messages, m => m.Contains("with arguments", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(contentRoot, recursive: true);
        }
    }

    /// <summary>A member logs in from a QR and with a service-issued code, uses the token, and a forged one.</summary>
    private static async Task LoginJourneyLogsNoSecretAsync(UplinkApp app, FakeBotApi telegram)
    {
        var user = telegram.NewUser("Secretive");
        await user.SendAsync("/start");
        var link = await Uplink.Tests.Features.Auth.AuthSteps.RequestQrLinkAsync(user);
        var code = Uplink.Tests.Features.Auth.AuthSteps.CodeOf(link);
        using var client = app.CreateClient();
        await client.GetAsync(new Uri(link).PathAndQuery);
        var token = await Uplink.Tests.Features.Auth.AuthSteps.LoginAsync(client, code);
        var serviceCode = await Uplink.Tests.Features.Auth.AuthSteps.GenerateCodeAsync(client, user.Id);
        await client.PostAsync($"/auth/callback?code={serviceCode}", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = serviceCode }));
        await Uplink.Tests.Features.Auth.AuthSteps.RedeemAsync(client, code);
        client.DefaultRequestHeaders.Authorization = TestJwt.Bearer(token);
        await client.GetAsync("/api/users/me");
        client.DefaultRequestHeaders.Authorization = TestJwt.Bearer(token + "x");
        await client.GetAsync("/api/users/me");

        var signature = token.Split('.')[2];
        foreach (var record in app.Logs.GetSnapshot())
        {
            var line = $"{record.Message} {record.Exception} {string.Join(' ', record.StructuredState ?? [])}";
            Assert.DoesNotContain(code, line, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(signature, line, StringComparison.Ordinal);
            Assert.DoesNotContain(TestJwt.SigningKey, line, StringComparison.Ordinal);
            Assert.DoesNotContain(UplinkApp.ServiceApiKey, line, StringComparison.Ordinal);
            Assert.DoesNotContain(serviceCode, line, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task The_bot_token_never_reaches_a_log_line()
    {
        // A journey that also goes through failures, whose exceptions are logged.
        var user = host.Telegram.NewUser("Logger");
        host.Telegram.SetProfilePhoto(user.Id, [0xFF, 0xD8, 0xFF, 0xD9]);
        await user.SendAsync("/start");
        host.Telegram.FailNext("getUpdates", 502, "Bad Gateway");
        host.Telegram.FailNext("sendMessage", 400, "Bad Request: nope");
        await user.SendAsync("/profile");
        await user.SendAsync("/profile");

        var secret = FakeBotApi.Token.Split(':')[1];
        var records = host.App.Logs.GetSnapshot();
        Assert.NotEmpty(records);
        foreach (var record in records)
        {
            var line = $"{record.Message} {record.Exception} {string.Join(' ', record.StructuredState ?? [])}";
            Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_webhook_secret_never_reaches_a_log_line()
    {
        await using var telegram = await FakeBotApi.StartAsync();
        await using var app = new UplinkApp(telegram, new Dictionary<string, string?> { ["Telegram:Mode"] = "Webhook" });
        app.StartServer();
        await telegram.WaitForCallAsync("setMyCommands");
        telegram.AttachWebhookClient(app.CreateClient());
        var user = telegram.NewUser("Logger");
        await user.SendAsync("/start");
        var update = new System.Text.Json.Nodes.JsonObject { ["update_id"] = 77, ["message"] = new System.Text.Json.Nodes.JsonObject() };
        (await telegram.DeliverAsync(update, secret: telegram.WebhookSecret + "typo")).Dispose();
        (await telegram.DeliverAsync(update)).Dispose();

        var secret = telegram.WebhookSecret!;
        var records = app.Logs.GetSnapshot();
        Assert.Contains(records, r => r.Message.Contains("secret token", StringComparison.Ordinal));
        foreach (var record in records)
        {
            var line = $"{record.Message} {record.Exception} {string.Join(' ', record.StructuredState ?? [])}";
            Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
            Assert.DoesNotContain(FakeBotApi.Token.Split(':')[1], line, StringComparison.Ordinal);
        }
    }
}
