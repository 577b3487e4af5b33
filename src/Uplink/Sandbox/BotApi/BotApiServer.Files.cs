using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Uplink.Sandbox.BotApi;

/// <summary>Profile photos, files and their download, webhooks, and how requests carry parameters and files.</summary>
internal sealed partial class BotApiServer
{
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

    public IResult DownloadFile(string token, string path)
    {
        lock (_gate)
        {
            var file = _files.Values.FirstOrDefault(f => f.Path == path);
            return token == account.Token && file.Bytes is not null
                ? Results.Bytes(file.Bytes, "application/octet-stream")
                : Results.NotFound();
        }
    }

    private IResult SetWebhookCall(string? url, string? secret)
    {
        SetWebhook(url, secret);
        return Ok(true);
    }

    private IResult GetWebhookInfo()
    {
        lock (_gate)
        {
            return Ok(new JsonObject { ["url"] = WebhookUrl ?? "", ["has_custom_certificate"] = false, ["pending_update_count"] = 0 });
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
}
