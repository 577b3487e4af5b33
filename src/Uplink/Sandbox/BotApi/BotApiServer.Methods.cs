using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Uplink.Sandbox.BotApi;

/// <summary>The Bot API methods, answered in Telegram's envelope: {"ok": true, "result": …}.</summary>
internal sealed partial class BotApiServer
{
    public async Task<IResult> HandleAsync(string token, string method, HttpContext http)
    {
        if (token != account.Token)
        {
            return Error(401, "Unauthorized");
        }

        var parameters = await ReadParametersAsync(http.Request);
        var photo = http.Request.HasFormContentType ? await ReadFileAsync(http.Request, parameters.Str("photo")) : null;
        lock (_gate)
        {
            _calls.Add(new BotApiRequest(++_sequence, method, parameters, Clock.GetUtcNow()));
            Pulse(ref _changed);
        }

        if (Intercept is { } intercept && await intercept(method, http) is { } intercepted)
        {
            return intercepted;
        }

        return method.ToLowerInvariant() switch
        {
            "getme" => Ok(Me()),
            "getupdates" => await GetUpdatesAsync(parameters, http.RequestAborted),
            "sendmessage" => Send(method, parameters, parameters.Str("text"), null),
            "sendphoto" => Send(method, parameters, parameters.Str("caption"), photo),
            "editmessagetext" => Send(method, parameters, parameters.Str("text"), null),
            "editmessagereplymarkup" => EditReplyMarkup(parameters),
            "answercallbackquery" or "setmycommands" or "setchatmenubutton" => Ok(true),
            "setwebhook" => SetWebhookCall(parameters.Str("url"), parameters.Str("secret_token")),
            "deletewebhook" => SetWebhookCall(null, null),
            "getwebhookinfo" => GetWebhookInfo(),
            "getuserprofilephotos" => GetUserProfilePhotos(parameters),
            "getfile" => GetFile(parameters),
            _ => Error(404, "Not Found: method not found"),
        };
    }

    private JsonObject Me()
    {
        var me = account.ToJson();
        me["can_join_groups"] = true;
        me["can_read_all_group_messages"] = false;
        me["supports_inline_queries"] = false;
        return me;
    }

    private async Task<IResult> GetUpdatesAsync(JsonObject p, CancellationToken aborted)
    {
        if (WebhookUrl is not null)
        {
            return Error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
        }

        var offset = p.Long("offset");
        var limit = (int)(p.Long("limit") ?? 100);
        var deadline = DateTime.UtcNow.AddSeconds(p.Long("timeout") ?? 0);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                if (offset is { } o)
                {
                    // Telegram forgets every update below the offset: that is how the bot confirms them.
                    ConfirmedUpdateCount += _pendingUpdates.RemoveAll(u => (int)u["update_id"]! < o);
                }

                if (_pendingUpdates.Count > 0 || DateTime.UtcNow >= deadline)
                {
                    return Ok(new JsonArray([.. _pendingUpdates.Take(limit).Select(u => u.DeepClone())]));
                }

                arrived = _updatesArrived.Task;
            }

            try
            {
                var remaining = deadline - DateTime.UtcNow;
                await arrived.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, aborted);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                return Ok(new JsonArray());
            }
        }
    }

    private IResult Send(string method, JsonObject p, string? text, byte[]? photo)
    {
        if (p.Long("chat_id") is not { } chatId)
        {
            return Error(400, "Bad Request: chat not found");
        }

        var parseMode = p.Str("parse_mode")?.ToUpperInvariant(); // Telegram takes "HTML", "html", "Html" alike
        if (method != "sendPhoto" && string.IsNullOrEmpty(text))
        {
            return Error(400, "Bad Request: message text is empty");
        }

        if (text is not null && parseMode == "HTML" && TelegramHtml.Validate(text) is { } problem)
        {
            return Error(400, "Bad Request: can't parse entities: " + problem);
        }

        var limit = method == "sendPhoto" ? 1024 : 4096;
        if (text is not null && TelegramHtml.ToPlainText(parseMode == "HTML" ? text : WebUtility.HtmlEncode(text)).Length > limit)
        {
            return Error(400, method == "sendPhoto" ? "Bad Request: message caption is too long" : "Bad Request: message is too long");
        }

        var markup = p.Json("reply_markup");
        if (CheckButtons(markup) is { } buttonProblem)
        {
            return Error(400, "Bad Request: " + buttonProblem);
        }

        var disabled = p.Json("link_preview_options")?["is_disabled"]?.GetValue<bool>() ?? false;
        lock (_gate)
        {
            var edited = method == "editMessageText" ? Current(chatId, p.Long("message_id")) : null;
            if (edited is not null && edited.Text == text && edited.ReplyMarkup?.ToJsonString() == markup?.ToJsonString())
            {
                return NotModified();
            }

            var messageId = method == "editMessageText" ? (int)(p.Long("message_id") ?? 0) : NextMessageId();
            var message = Record(new BotApiMessage(0, method, chatId, messageId, text, parseMode, markup, photo, disabled, default));
            return Ok(message);
        }
    }

    private IResult EditReplyMarkup(JsonObject p)
    {
        var markup = p.Json("reply_markup");
        if (CheckButtons(markup) is { } buttonProblem)
        {
            return Error(400, "Bad Request: " + buttonProblem);
        }

        lock (_gate)
        {
            if (p.Long("chat_id") is not { } chatId || Current(chatId, p.Long("message_id")) is not { } current)
            {
                return Error(400, "Bad Request: message to edit not found");
            }

            if (current.ReplyMarkup?.ToJsonString() == markup?.ToJsonString())
            {
                return NotModified();
            }

            return Ok(Record(current with { Method = "editMessageReplyMarkup", ReplyMarkup = markup }));
        }
    }

    /// <summary>The message as the chat shows it now: its last version.</summary>
    private BotApiMessage? Current(long chatId, long? messageId) =>
        _messages.LastOrDefault(m => m.ChatId == chatId && m.MessageId == messageId);

    /// <summary>Keeps a message (under the gate) and answers it as Telegram's Message object.</summary>
    private JsonObject Record(BotApiMessage draft)
    {
        var sent = draft with { Sequence = ++_sequence, At = Clock.GetUtcNow() };
        _messages.Add(sent);
        Pulse(ref _changed);
        var message = new JsonObject
        {
            ["message_id"] = sent.MessageId,
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["chat"] = new JsonObject { ["id"] = sent.ChatId, ["type"] = sent.ChatId > 0 ? "private" : "group" },
            ["from"] = account.ToJson(),
        };
        if (sent.Photo is not null)
        {
            message["photo"] = new JsonArray(new JsonObject
            {
                ["file_id"] = $"sent-photo-{sent.MessageId}", ["file_unique_id"] = $"sent{sent.MessageId}",
                ["width"] = 512, ["height"] = 512,
            });
            message["caption"] = sent.Text;
        }
        else
        {
            message["text"] = sent.Text is null ? null : sent.ParseMode == "HTML" ? TelegramHtml.ToPlainText(sent.Text) : sent.Text;
        }

        return message;
    }

    /// <summary>Telegram refuses inline URL buttons to localhost or bare IP addresses, and long callback data.</summary>
    private static string? CheckButtons(JsonNode? markup)
    {
        foreach (var button in (markup?["inline_keyboard"] as JsonArray ?? []).SelectMany(r => r!.AsArray()))
        {
            if (button?["url"]?.GetValue<string>() is { } url &&
                (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.IsLoopback ||
                 uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || !uri.Host.Contains('.', StringComparison.Ordinal)))
            {
                return $"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL";
            }

            if (button?["callback_data"]?.GetValue<string>() is { } data && System.Text.Encoding.UTF8.GetByteCount(data) > 64)
            {
                return "BUTTON_DATA_INVALID";
            }
        }

        return null;
    }

    private static IResult NotModified() => Error(400,
        "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");

    public static IResult Ok(JsonNode result) =>
        Results.Text(new JsonObject { ["ok"] = true, ["result"] = result }.ToJsonString(), "application/json");

    public static IResult Error(int status, string description, int? retryAfter = null)
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = status, ["description"] = description };
        if (retryAfter is { } seconds)
        {
            body["parameters"] = new JsonObject { ["retry_after"] = seconds };
        }

        return Results.Text(body.ToJsonString(), "application/json", statusCode: status);
    }
}
