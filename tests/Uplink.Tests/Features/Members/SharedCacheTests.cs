using System.Net.Http.Json;
using System.Text.Json;
using Uplink.Tests.Features.Auth;
using Uplink.Tests.Infrastructure;
using static Uplink.Tests.Features.Members.StartCommandTests;

namespace Uplink.Tests.Features.Members;

/// <summary>Two instances, each with its own cache: an edit on one is never hidden by the other's cache.</summary>
[Collection(nameof(SharedStoresHost))]
public sealed class SharedCacheTests(SharedStoresHost host)
{
    [Fact]
    public async Task An_edit_on_one_instance_is_visible_at_once_on_the_other()
    {
        var (code, editor, reader) = await CachedOnSecondAsync();

        // Many rounds: the second instance must have dropped its entry before the edit answers,
        // not a moment later when its subscription gets round to it.
        for (var round = 0; round < 30; round++)
        {
            var bio = $"Edited on the first instance, round {round}";
            (await editor.PatchAsJsonAsync("/api/users/me", new { bio })).EnsureSuccessStatusCode();

            Assert.Equal(bio, await BioAsync(reader, code));
            Assert.Equal(bio, await BioAsync(reader, code));
        }

        // Every edit waited for the acknowledgement, none gave up on it.
        Assert.DoesNotContain(host.First.Logs.GetSnapshot(), r => r.Message.StartsWith("Not every instance acknowledged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task While_redis_is_down_the_other_instance_reads_the_database_instead_of_its_cache()
    {
        var (code, editor, reader) = await CachedOnSecondAsync();
        await host.Redis.StopAsync();
        try
        {
            await editor.PatchAsJsonAsync("/api/users/me", new { bio = "Edited while Redis was down" });

            Assert.Equal("Edited while Redis was down", await BioAsync(reader, code));
        }
        finally
        {
            await host.Redis.StartAsync(CancellationToken.None);
        }
    }

    /// <summary>A member's public profile read (and so cached) on the second instance; a client logged in on the first.</summary>
    private async Task<(string Code, HttpClient Editor, HttpClient Reader)> CachedOnSecondAsync()
    {
        var alice = host.Telegram.NewUser("Alice");
        var code = CodeIn(await alice.SendAsync("/start"));
        var editor = host.First.CreateClient();
        editor.DefaultRequestHeaders.Authorization = TestJwt.Bearer(await editor.LoginAsync(AuthSteps.CodeOf(await alice.RequestQrLinkAsync())));
        var reader = host.Second.CreateClient();
        await editor.PatchAsJsonAsync("/api/users/me", new { bio = "Before" });
        await WaitForCacheOnSecondAsync();
        Assert.Equal("Before", await BioAsync(reader, code));
        Assert.Equal("Before", await BioAsync(reader, code));
        return (code, editor, reader);
    }

    /// <summary>Another test restarts Redis; the second instance's cache comes back once its subscription does.</summary>
    private async Task WaitForCacheOnSecondAsync()
    {
        var cache = (Uplink.Infrastructure.Caching.LocalCache)host.Second.Services.GetService(typeof(Uplink.Infrastructure.Caching.LocalCache))!;
        for (var i = 0; i < 100 && !cache.Enabled; i++)
        {
            await Task.Delay(100);
        }

        Assert.True(cache.Enabled, "the second instance's cache never resumed");
    }

    private static async Task<string?> BioAsync(HttpClient client, string code) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/users/{code}")).GetProperty("bio").GetString();
}
