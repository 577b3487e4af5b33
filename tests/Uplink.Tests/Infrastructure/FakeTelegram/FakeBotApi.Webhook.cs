using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Uplink.Sandbox.BotApi;

namespace Uplink.Tests.Infrastructure.FakeTelegram;

/// <summary>
/// Webhooks and faults, as Telegram does them: while a webhook is set, getUpdates answers 409 and
/// updates are POSTed to it with the secret token; non-2xx answers are left for the test to redeliver.
/// </summary>
public sealed partial class FakeBotApi
{
    private readonly Dictionary<int, JsonObject> _delivered = [];
    private HttpClient? _webhookClient;

    public string? WebhookUrl => _server.WebhookUrl;

    public string? WebhookSecret => _server.WebhookSecret;

    /// <summary>Delivers pushed updates to the webhook through <paramref name="client"/> (the host's test client).</summary>
    public void AttachWebhookClient(HttpClient client) => _webhookClient = client;

    /// <summary>Someone set a webhook outside Uplink (another deployment): getUpdates answers 409 until it is deleted.</summary>
    public void SetWebhookByHand(string? url) => _server.SetWebhook(url, null);

    /// <summary>POSTs an update to the webhook as Telegram would; <paramref name="secret"/> overrides the registered token.</summary>
    public async Task<HttpResponseMessage> DeliverAsync(JsonObject update, string? secret = null, bool withSecret = true)
    {
        var client = _webhookClient ?? throw new InvalidOperationException("No webhook client attached.");
        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookUrl ?? throw new InvalidOperationException("No webhook set."))
        {
            Content = new StringContent(update.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (withSecret)
        {
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret ?? WebhookSecret);
        }

        lock (_gate)
        {
            if (update["update_id"]?.GetValue<int>() is { } id)
            {
                _delivered[id] = update;
            }
        }

        return await client.SendAsync(request);
    }

    /// <summary>Delivers an update again, as Telegram does when it did not see our 200.</summary>
    public Task<HttpResponseMessage> RedeliverAsync(int updateId)
    {
        JsonObject update;
        lock (_gate)
        {
            update = (JsonObject)_delivered[updateId].DeepClone();
        }

        return DeliverAsync(update);
    }

    /// <summary>In webhook mode a pushed update goes to the webhook instead of the getUpdates queue.</summary>
    private bool TryDeliver(JsonObject update)
    {
        if (_webhookClient is null)
        {
            return false;
        }

        _ = Task.Run(() => DeliverUntilAcceptedAsync(update));
        return true;
    }

    /// <summary>Telegram delivers an update again until the webhook answers 2xx; so does the fake (bounded).</summary>
    private async Task DeliverUntilAcceptedAsync(JsonObject update)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            using var response = await DeliverAsync(update);
            if (response.IsSuccessStatusCode || (int)response.StatusCode is >= 400 and < 429)
            {
                return;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Answers the call with the first fault queued for its method, if any.</summary>
    private async Task<IResult?> FaultAsync(string method, HttpContext http)
    {
        Fault? fault;
        lock (_gate)
        {
            fault = _faults.FirstOrDefault(f => f.Method.Equals(method, StringComparison.OrdinalIgnoreCase));
            if (fault is not null && --fault.Times == 0)
            {
                _faults.Remove(fault);
            }
        }

        switch (fault?.Kind)
        {
            case null:
                return null;
            case FaultKind.Drop:
                // Headers and half a body, then a reset: the client cannot mistake it for an answer or retry it unseen.
                http.Response.StatusCode = 200;
                http.Response.ContentType = "application/json";
                http.Response.ContentLength = 100;
                await http.Response.WriteAsync("{\"ok\":tr");
                await http.Response.Body.FlushAsync();
                http.Abort();
                return Results.Empty;
            case FaultKind.Hang:
                try
                {
                    await Task.Delay(TimeSpan.FromMinutes(1), http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return Results.Empty;
                }

                return BotApiServer.Error(fault.StatusCode, fault.Description);
            case FaultKind.Hold:
                await fault.Until!.WaitAsync(http.RequestAborted);
                return null; // then answered as usual
            default:
                return BotApiServer.Error(fault.StatusCode, fault.Description, fault.RetryAfter);
        }
    }
}
