using Microsoft.AspNetCore.Mvc.Testing;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Deployment;

/// <summary>
/// The deployment of deploy/compose.yaml on loopback: nginx in front of two Uplink instances (real
/// Kestrel ports) on one PostgreSQL and one Redis, Telegram delivering by webhook through nginx.
/// Tests talk to nginx only, except where they show what an untrusted sender cannot do.
/// </summary>
public sealed class ProxyTopology : IAsyncLifetime
{
    public const string WebhookSecret = "topology-webhook-secret";
    public const int RedeemPermitsPerMinute = 20;

    public FakeBotApi Telegram { get; private set; } = null!;

    public PostgresServer Postgres { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    public NginxServer Nginx { get; private set; } = null!;

    public IReadOnlyList<UplinkApp> Instances { get; private set; } = [];

    public IReadOnlyList<int> InstancePorts { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        Postgres = await PostgresServer.StartAsync();
        Redis = await RedisServer.StartAsync();
        Telegram = await FakeBotApi.StartAsync();
        InstancePorts = [Ports.Free(), Ports.Free()];
        Nginx = await NginxServer.StartAsync(InstancePorts);
        var instances = new List<UplinkApp>();
        foreach (var port in InstancePorts)
        {
            var app = new UplinkApp(Telegram, new Dictionary<string, string?>
            {
                ["Site:PublicUrl"] = Nginx.BaseUrl,
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:Database"] = Postgres.ConnectionString("uplink_topology"),
                ["ConnectionStrings:Redis"] = Redis.ConnectionString,
                ["Telegram:Mode"] = "Webhook",
                ["Telegram:WebhookSecret"] = WebhookSecret,
                ["Proxy:KnownProxies"] = "127.0.0.1",
                ["Auth:RedeemPermitsPerMinute"] = RedeemPermitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Cache:InvalidationTimeout"] = "00:00:30",
            });
            app.UseKestrel(port);
            app.StartServer();
            instances.Add(app);
        }

        Instances = instances;
        Telegram.AttachWebhookClient(new HttpClient());
        await Telegram.WaitForCallAsync("setWebhook");
    }

    /// <summary>A client of nginx from <paramref name="address"/>, optionally pinned to one instance.</summary>
    public HttpClient Client(string address, int? instance = null)
    {
        var client = ClientAddresses.From(address, Nginx.BaseUrl);
        if (instance is { } i)
        {
            client.DefaultRequestHeaders.Add("X-Test-Instance", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in Instances)
        {
            await app.DisposeAsync();
        }

        await Nginx.DisposeAsync();
        await Telegram.DisposeAsync();
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}

[CollectionDefinition(nameof(ProxyTopology))]
public sealed class ProxyTopologyCollection : ICollectionFixture<ProxyTopology>;
