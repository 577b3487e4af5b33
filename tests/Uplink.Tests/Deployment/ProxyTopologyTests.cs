using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Uplink.Tests.Features.Auth;
using Uplink.Tests.Infrastructure;

namespace Uplink.Tests.Deployment;

[Collection(nameof(ProxyTopology))]
public sealed partial class ProxyTopologyTests(ProxyTopology topology)
{
    [Fact]
    public async Task A_member_logs_in_through_nginx_with_a_form_from_one_instance_posted_to_the_other()
    {
        var alice = topology.Telegram.NewUser("Alice", "en", "Proxy");
        await alice.SendAsync("/start");
        var link = await alice.RequestQrLinkAsync();
        Assert.StartsWith($"{topology.Nginx.BaseUrl}/auth/callback?code=", link);

        using var first = topology.Client("127.0.3.1", instance: 0);
        using var page = await first.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(html).Groups[1].Value;
        var antiforgeryCookie = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));

        using var second = topology.Client("127.0.3.1", instance: 1);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/auth/callback")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["code"] = link[(link.IndexOf("code=", StringComparison.Ordinal) + 5)..],
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            }),
        };
        post.Headers.Add("Cookie", antiforgeryCookie.Split(';')[0]);
        var before = topology.Telegram.Sequence;
        using var loggedIn = await second.SendAsync(post);

        // Data Protection keys are shared, so instance 1 reads instance 0's antiforgery token.
        Assert.Equal(HttpStatusCode.Redirect, loggedIn.StatusCode);
        Assert.Equal("/me", loggedIn.Headers.Location?.OriginalString);
        var session = loggedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("uplink_session=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase); // X-Forwarded-Proto: https

        var notice = await alice.NextMessageAsync(before);
        Assert.Contains("from 127.0.3.1", notice.Plain); // the real client, not nginx

        using var me = new HttpRequestMessage(HttpMethod.Get, "/me");
        me.Headers.Add("Cookie", session.Split(';')[0]);
        using var mePage = await first.SendAsync(me);
        Assert.Equal(HttpStatusCode.OK, mePage.StatusCode);
        Assert.Contains("Alice Proxy", await mePage.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Two_hundred_concurrent_redemptions_of_one_code_over_both_instances_succeed_once()
    {
        var bob = topology.Telegram.NewUser("Bob");
        await bob.SendAsync("/start");
        using var service = topology.Client("127.0.4.1");
        service.DefaultRequestHeaders.Add("X-Api-Key", UplinkApp.ServiceApiKey);
        var code = await service.GenerateCodeAsync(bob.Id);

        // Each from its own address, so the per-client limit does not decide the race.
        var clients = Enumerable.Range(1, 200).Select(i => topology.Client($"127.0.5.{i}", instance: i % 2)).ToList();
        try
        {
            using var start = new SemaphoreSlim(0);
            var races = clients.Select(async c =>
            {
                await start.WaitAsync();
                using var response = await c.RedeemAsync(code);
                return response.StatusCode;
            }).ToList();
            start.Release(clients.Count);
            var outcomes = await Task.WhenAll(races);

            Assert.Equal(1, outcomes.Count(s => s == HttpStatusCode.OK));
            Assert.All(outcomes, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.BadRequest }));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task The_rate_limit_counts_the_real_client_behind_nginx_on_both_instances_together()
    {
        using var toFirst = topology.Client("127.0.6.1", instance: 0);
        using var toSecond = topology.Client("127.0.6.1", instance: 1);
        for (var i = 0; i < ProxyTopology.RedeemPermitsPerMinute; i++)
        {
            using var answer = await (i % 2 == 0 ? toFirst : toSecond).RedeemAsync("WRONGCODE");
            Assert.NotEqual(HttpStatusCode.TooManyRequests, answer.StatusCode);
        }

        foreach (var client in new[] { toFirst, toSecond })
        {
            using var refused = await client.RedeemAsync("WRONGCODE");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        using var neighbour = topology.Client("127.0.6.2");
        using var neighbourAnswer = await neighbour.RedeemAsync("WRONGCODE");
        Assert.Equal(HttpStatusCode.BadRequest, neighbourAnswer.StatusCode);

        // Straight to an instance, not through the trusted proxy: its X-Forwarded-For is ignored,
        // so it neither borrows the limited client's address nor escapes its own.
        using var direct = ClientAddresses.From("127.0.6.3", $"http://127.0.0.1:{topology.InstancePorts[0]}");
        using var spoofed = new HttpRequestMessage(HttpMethod.Post, "/api/auth/callback") { Content = JsonContent.Create(new { code = "WRONGCODE" }) };
        spoofed.Headers.Add("X-Forwarded-For", "127.0.6.1");
        using var spoofedAnswer = await direct.SendAsync(spoofed);
        Assert.Equal(HttpStatusCode.BadRequest, spoofedAnswer.StatusCode);
    }

    [Fact]
    public async Task One_update_delivered_to_each_instance_is_handled_once()
    {
        var carol = topology.Telegram.NewUser("Carol");
        await carol.SendAsync("/start");
        var before = topology.Telegram.Sequence;
        var id = carol.Push("/help");
        await carol.NextMessageAsync(before);

        foreach (var instance in new[] { 0, 1 })
        {
            using var pinned = topology.Client("127.0.7.1", instance);
            topology.Telegram.AttachWebhookClient(pinned);
            using var again = await topology.Telegram.RedeliverAsync(id);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        topology.Telegram.AttachWebhookClient(new HttpClient());
        var marker = topology.Telegram.Sequence;
        await carol.SendAsync("/start");
        Assert.Single(carol.Messages, m => m.Sequence > before && m.Sequence <= marker);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
