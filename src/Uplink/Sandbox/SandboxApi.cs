using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Uplink.Infrastructure.Auth;

namespace Uplink.Sandbox;

/// <summary>What the <c>/sandbox</c> page calls: its people, what they say and press, and their chats live.</summary>
internal static class SandboxApi
{
    public sealed record NewUser(string Name, string Language, bool Admin);

    public sealed record Said(string Text);

    public sealed record Pressed(int MessageId, string Data);

    public static RouteGroupBuilder MapSandboxApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/sandbox/api/users").ExcludeFromDescription();
        api.MapGet("/", (SandboxUsers users) => TypedResults.Ok(users.All));
        api.MapPost("/", CreateUser);
        api.MapPost("/{id:long}/messages", Say);
        api.MapPost("/{id:long}/presses", Press);
        api.MapGet("/{id:long}/stream", Stream);
        api.MapGet("/{id:long}/photos/{sequence:long}", Photo);
        return api;
    }

    private static Results<Ok<SandboxUser>, ValidationProblem> CreateUser(NewUser body, SandboxUsers users, IOptions<AdminOptions> admins)
    {
        var name = body.Name.Trim();
        if (name.Length is 0 or > 64 || body.Language is not ("en" or "ru"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["user"] = ["A name of 1–64 characters and the language en or ru."],
            });
        }

        return TypedResults.Ok(users.Add(name, body.Language, body.Admin, admins.Value));
    }

    private static Results<NoContent, NotFound, BadRequest> Say(long id, Said body, SandboxUsers users, SandboxChats chats)
    {
        if (users.Find(id) is not { } user)
        {
            return TypedResults.NotFound();
        }

        if (string.IsNullOrWhiteSpace(body.Text) || body.Text.Length > 4096)
        {
            return TypedResults.BadRequest();
        }

        chats.Say(user, body.Text);
        return TypedResults.NoContent();
    }

    private static Results<NoContent, NotFound> Press(long id, Pressed body, SandboxUsers users, SandboxChats chats) =>
        users.Find(id) is { } user && chats.Press(user, body.MessageId, body.Data) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static Results<FileContentHttpResult, NotFound> Photo(long id, long sequence, SandboxUsers users, SandboxChats chats) =>
        users.Find(id) is { } user && chats.Photo(user, sequence) is { } bytes
            ? TypedResults.File(bytes, bytes.AsSpan().StartsWith("\x89PNG"u8) ? "image/png" : "image/jpeg")
            : TypedResults.NotFound();

    /// <summary>The chat so far, then each new or edited line as it happens (Server-Sent Events, one JSON line each).</summary>
    private static Results<ServerSentEventsResult<string>, NotFound> Stream(
        long id, SandboxUsers users, SandboxChats chats, SandboxBot bot, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct) =>
        users.Find(id) is { } user
            ? TypedResults.ServerSentEvents(Lines(user, chats, bot, json.Value.SerializerOptions, ct), "line")
            : TypedResults.NotFound();

    private static async IAsyncEnumerable<string> Lines(
        SandboxUser user, SandboxChats chats, SandboxBot bot, JsonSerializerOptions json, [EnumeratorCancellation] CancellationToken ct)
    {
        long seen = 0;
        while (!ct.IsCancellationRequested)
        {
            var changed = bot.Server.Changed;
            foreach (var line in chats.After(user, seen))
            {
                seen = line.Sequence;
                yield return JsonSerializer.Serialize(line, json);
            }

            try
            {
                await changed.WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }
}
