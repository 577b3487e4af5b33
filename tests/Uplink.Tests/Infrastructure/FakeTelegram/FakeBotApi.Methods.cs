using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Uplink.Tests.Infrastructure.FakeTelegram;

/// <summary>The Bot API methods, answered in Telegram's envelope: {"ok": true, "result": …}.</summary>
public sealed partial class FakeBotApi
{
    private async Task<IResult> HandleAsync(string token, string method, HttpContext http)
    {
        if (token != Token)
        {
            return Error(401, "Unauthorized");
        }

        var parameters = await ReadParametersAsync(http.Request);
        var photo = http.Request.HasFormContentType ? await ReadFileAsync(http.Request, parameters.Str("photo")) : null;
        Fault? fault;
        lock (_gate)
        {
            _calls.Add(new BotApiCall(++_sequence, method, parameters, Clock.GetUtcNow()));
            Pulse(ref _changed);
            fault = _faults.FirstOrDefault(f => f.Method.Equals(method, StringComparison.OrdinalIgnoreCase));
            if (fault is not null && --fault.Times == 0)
            {
                _faults.Remove(fault);
            }
        }

        if (fault is not null)
        {
            return await FaultAsync(fault, http);
        }

        return method.ToLowerInvariant() switch
        {
            "getme" => Ok(new JsonObject
            {
                ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "Uplink Test", ["username"] = BotUsername,
                ["can_join_groups"] = true, ["can_read_all_group_messages"] = false, ["supports_inline_queries"] = false,
            }),
            "getupdates" => await GetUpdatesAsync(parameters, http.RequestAborted),
            "sendmessage" => Send(method, parameters, parameters.Str("text"), null),
            "sendphoto" => Send(method, parameters, parameters.Str("caption"), photo),
            "editmessagetext" => Send(method, parameters, parameters.Str("text"), null),
            "answercallbackquery" or "setmycommands" or "setchatmenubutton" => Ok(true),
            "setwebhook" => SetWebhook(parameters),
            "deletewebhook" => SetWebhook(null),
            "getwebhookinfo" => GetWebhookInfo(),
            "getuserprofilephotos" => GetUserProfilePhotos(parameters),
            "getfile" => GetFile(parameters),
            _ => Error(404, "Not Found: method not found"),
        };
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
            if (method == "editMessageText" && _messages.LastOrDefault(m => m.ChatId == chatId && m.MessageId == p.Long("message_id")) is { } current &&
                current.Text == text && current.ReplyMarkup?.ToJsonString() == markup?.ToJsonString())
            {
                return Error(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
            }

            var messageId = method == "editMessageText" ? (int)(p.Long("message_id") ?? 0) : _nextMessageId++;
            _messages.Add(new SentMessage(++_sequence, method, chatId, messageId, text, parseMode, markup, photo, disabled, Clock.GetUtcNow()));
            Pulse(ref _changed);
            var message = new JsonObject
            {
                ["message_id"] = messageId,
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = chatId > 0 ? "private" : "group" },
                ["from"] = new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "Uplink Test", ["username"] = BotUsername },
            };
            if (photo is not null)
            {
                message["photo"] = new JsonArray(new JsonObject
                {
                    ["file_id"] = $"sent-photo-{messageId}", ["file_unique_id"] = $"sent{messageId}",
                    ["width"] = 512, ["height"] = 512,
                });
                message["caption"] = text;
            }
            else
            {
                message["text"] = text is null ? null : parseMode == "HTML" ? TelegramHtml.ToPlainText(text) : text;
            }

            return Ok(message);
        }
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

    private IResult GetUserProfilePhotos(JsonObject p)
    {
        lock (_gate)
        {
            var photos = p.Long("user_id") is { } user && _profilePhotos.TryGetValue(user, out var list) ? list : [];
            var limit = (int)(p.Long("limit") ?? 100);
            return Ok(new JsonObject
            {
                ["total_count"] = photos.Count,
                ["photos"] = new JsonArray([.. photos.Take(limit).Select(ph => (JsonNode)new JsonArray(
                    new JsonObject { ["file_id"] = ph.FileId + "-s", ["file_unique_id"] = ph.UniqueId + "s", ["width"] = 160, ["height"] = 160 },
                    new JsonObject { ["file_id"] = ph.FileId, ["file_unique_id"] = ph.UniqueId, ["width"] = 640, ["height"] = 640 }))]),
            });
        }
    }

    private IResult GetFile(JsonObject p)
    {
        lock (_gate)
        {
            var id = p.Str("file_id") ?? "";
            var key = id.EndsWith("-s", StringComparison.Ordinal) ? id[..^2] : id;
            if (!_files.TryGetValue(key, out var file))
            {
                return Error(400, "Bad Request: invalid file_id");
            }

            return Ok(new JsonObject
            {
                ["file_id"] = id, ["file_unique_id"] = "u" + key, ["file_size"] = file.Bytes.Length, ["file_path"] = file.Path,
            });
        }
    }

    private IResult DownloadFile(string token, string path)
    {
        lock (_gate)
        {
            var file = _files.Values.FirstOrDefault(f => f.Path == path);
            return token == Token && file.Bytes is not null
                ? Results.Bytes(file.Bytes, "application/octet-stream")
                : Results.NotFound();
        }
    }

    private static async Task<JsonObject> ReadParametersAsync(HttpRequest request)
    {
        if (request.HasJsonContentType())
        {
            return await JsonNode.ParseAsync(request.Body) as JsonObject ?? [];
        }

        var result = new JsonObject();
        if (request.HasFormContentType)
        {
            foreach (var (key, value) in await request.ReadFormAsync())
            {
                result[key] = value.ToString();
            }
        }

        foreach (var (key, value) in request.Query)
        {
            result[key] = value.ToString();
        }

        return result;
    }

    /// <summary>A file field, named by the parameter as Bot API clients do ("attach://name") or by the field itself.</summary>
    private static async Task<byte[]?> ReadFileAsync(HttpRequest request, string? reference)
    {
        var form = await request.ReadFormAsync();
        var name = reference is not null && reference.StartsWith("attach://", StringComparison.Ordinal) ? reference["attach://".Length..] : "photo";
        if (form.Files.GetFile(name) is not { } file)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static IResult Ok(JsonNode result) =>
        Results.Text(new JsonObject { ["ok"] = true, ["result"] = result }.ToJsonString(), "application/json");

    private static IResult Error(int status, string description, int? retryAfter = null)
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = status, ["description"] = description };
        if (retryAfter is { } seconds)
        {
            body["parameters"] = new JsonObject { ["retry_after"] = seconds };
        }

        return Results.Text(body.ToJsonString(), "application/json", statusCode: status);
    }
}

/// <summary>Bot API parameters arrive as JSON values, or as strings in multipart forms.</summary>
internal static class Parameters
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
