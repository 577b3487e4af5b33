using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Bot;

/// <summary>One host in webhook mode; the fake Bot API delivers pushed updates to its webhook, as Telegram does.</summary>
public sealed class WebhookHost : IAsyncLifetime
{
    public FakeBotApi Telegram { get; private set; } = null!;

    public UplinkApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Telegram = await FakeBotApi.StartAsync();
        App = new UplinkApp(Telegram, new Dictionary<string, string?>
        {
            ["Telegram:Mode"] = "Webhook",
            // One lane holding one waiting update: a blocked handler fills the queue in two deliveries.
            ["Telegram:Concurrency"] = "1",
            ["Telegram:QueueCapacity"] = "1",
            ["Telegram:WebhookQueueWait"] = "00:00:00",
        }, services: TestCommands.Add);
        App.StartServer();
        await Telegram.WaitForCallAsync("setMyCommands");
        Telegram.AttachWebhookClient(App.CreateClient());
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Telegram.DisposeAsync();
    }
}

[CollectionDefinition(nameof(WebhookHost))]
public sealed class WebhookHostCollection : ICollectionFixture<WebhookHost>;

[Collection(nameof(WebhookHost))]
public sealed class WebhookTests(WebhookHost host)
{
    private FakeBotApi Telegram => host.Telegram;

    [Fact]
    public void Start_sets_the_webhook_on_the_public_url_with_a_secret_kept_in_the_data_directory()
    {
        Assert.Equal($"{UplinkApp.PublicUrl}/telegram/webhook", Telegram.WebhookUrl);
        var kept = File.ReadAllText(Path.Combine(host.App.DataDirectory, "telegram-webhook-secret"));
        Assert.Equal(kept, Telegram.WebhookSecret);
        Assert.True(kept.Length >= 32);
        Assert.Empty(Telegram.Calls("getUpdates"));
    }

    [Fact]
    public async Task Updates_are_handled_in_the_background()
    {
        var reply = await Telegram.NewUser("Ann").SendAsync("/echo 1");

        Assert.Equal("echo 1", reply.Text);
    }

    [Fact]
    public async Task A_missing_or_wrong_secret_gets_401_and_nothing_is_handled()
    {
        var ann = Telegram.NewUser("Ann");
        var update = Update(ann, "/echo 401");

        using var missing = await Telegram.DeliverAsync(update, withSecret: false);
        using var wrong = await Telegram.DeliverAsync(Update(ann, "/echo 401"), secret: Telegram.WebhookSecret + "x");
        var next = await ann.SendAsync("/echo 2");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("echo 2", next.Text);
        Assert.Single(ann.Messages);
    }

    [Fact]
    public async Task The_same_update_delivered_twice_is_handled_once()
    {
        var ann = Telegram.NewUser("Ann");
        var id = ann.Push("/echo 1");
        await ann.NextMessageAsync(0);

        using var again = await Telegram.RedeliverAsync(id);
        var next = await ann.SendAsync("/echo 2");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(["echo 1", "echo 2"], ann.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Malformed_json_gets_400_problem_details_and_the_next_update_is_handled()
    {
        using var client = host.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook")
        {
            Content = new StringContent("{\"update_id\": 5, \"message\": [", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", Telegram.WebhookSecret);

        using var response = await client.SendAsync(request);
        var next = await Telegram.NewUser("Ann").SendAsync("/echo 3");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(host.App.Logs.GetSnapshot(), r => r.Message.Contains("malformed update", StringComparison.Ordinal));
        Assert.Equal("echo 3", next.Text);
    }

    [Fact]
    public async Task A_huge_payload_gets_413()
    {
        var ann = Telegram.NewUser("Ann");
        var update = Update(ann, "/echo " + new string('x', 2 * 1024 * 1024));

        using var response = await Telegram.DeliverAsync(update);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("echo 4", (await ann.SendAsync("/echo 4")).Text);
    }

    [Fact]
    public async Task Updates_of_unknown_kinds_are_acknowledged_and_dropped_with_a_log_line()
    {
        var ann = Telegram.NewUser("Ann");

        using var response = await Telegram.DeliverAsync(new JsonObject { ["update_id"] = 900_001, ["future_kind"] = new JsonObject { ["x"] = 1 } });
        var next = await ann.SendAsync("/echo 5");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("echo 5", next.Text);
        Assert.Contains(host.App.Logs.GetSnapshot(), r => r.Message.Contains("Update 900001 of type Unknown ignored", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_full_queue_answers_503_so_telegram_delivers_later_and_nothing_is_lost()
    {
        var gate = (TestCommands.Gate)host.App.Services.GetService(typeof(TestCommands.Gate))!;
        var ann = Telegram.NewUser("Ann");
        using var blocking = await Telegram.DeliverAsync(Update(ann, "/block"));
        await gate.Entered;
        using var queued = await Telegram.DeliverAsync(Update(ann, "/echo 1"));
        var refusedUpdate = Update(ann, "/echo 2");
        using var refused = await Telegram.DeliverAsync(refusedUpdate);

        gate.Open();
        await ann.NextMessageAsync(0);
        await Telegram.WaitUntilAsync(_ => ann.Messages.Count >= 2);
        using var later = await Telegram.DeliverAsync(refusedUpdate);
        await Telegram.WaitUntilAsync(_ => ann.Messages.Count >= 3);

        Assert.Equal(HttpStatusCode.OK, queued.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Equal(["unblocked", "echo 1", "echo 2"], ann.Messages.Select(m => m.Text));
    }

    private static int _nextId = 800_000;

    private static JsonObject Update(TelegramUser user, string text) => new()
    {
        ["update_id"] = Interlocked.Increment(ref _nextId),
        ["message"] = new JsonObject
        {
            ["message_id"] = 1, ["date"] = 0, ["from"] = user.From(), ["text"] = text,
            ["chat"] = new JsonObject { ["id"] = user.Id, ["type"] = "private" },
        },
    };
}
