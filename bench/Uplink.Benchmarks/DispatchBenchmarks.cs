using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;
using Uplink.Bot;
using Uplink.Features.Help;
using Uplink.Infrastructure.Caching;
using Uplink.Infrastructure.Data;
using Uplink.Infrastructure.Observability;
using Uplink.Infrastructure.Web;

namespace Uplink.Benchmarks;

/// <summary>
/// One update through the dispatcher to /help, on Uplink's own registrations, with the Bot API
/// answered in process: routing, the scope, the command, serialisation, the sender's flood control.
/// </summary>
[MemoryDiagnoser]
public class DispatchBenchmarks
{
    private WebApplication _app = null!;
    private Update _update = null!;

    [GlobalSetup]
    public void Setup()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = "123456:BENCH-token",
            ["Telegram:Mode"] = "None",
            ["Telegram:MessagesPerSecond"] = "100000",
            ["Telegram:ChatMessageInterval"] = "00:00:00",
            ["Storage:Directory"] = Path.Combine(Path.GetTempPath(), "uplink-dispatch-bench"),
        });
        builder.Logging.ClearProviders();
        builder.Services.AddUplinkWeb().AddUplinkData().AddUplinkCaching().AddUplinkObservability().AddTelegramBot().AddHelp();
        builder.Services.AddHttpClient(nameof(TelegramBotClient)).ConfigurePrimaryHttpMessageHandler(() => new CannedBotApi());
        _app = builder.Build();
        _update = new Update
        {
            Id = 1,
            Message = new Message
            {
                Id = 1,
                Date = DateTime.UtcNow,
                Chat = new Chat { Id = 42, Type = Telegram.Bot.Types.Enums.ChatType.Private },
                From = new User { Id = 42, FirstName = "Bench", LanguageCode = "en" },
                Text = "/help",
            },
        };
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _app.DisposeAsync();

    [Benchmark]
    public async Task DispatchHelp()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UpdateDispatcher>().DispatchAsync(_update, CancellationToken.None);
    }

    private sealed class CannedBotApi : HttpMessageHandler
    {
        private static readonly byte[] Sent = Encoding.UTF8.GetBytes(
            """{"ok":true,"result":{"message_id":1,"date":0,"chat":{"id":42,"type":"private"},"text":"ok"}}""");

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Sent) });
    }
}
