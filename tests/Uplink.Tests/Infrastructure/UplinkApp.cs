using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Uplink.Infrastructure.Data;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Infrastructure;

/// <summary>
/// The whole Uplink host, with its outside world swapped here and nowhere else: the bot talks to
/// <see cref="FakeBotApi"/>, files live in a temporary directory, every log line is captured.
/// </summary>
public sealed class UplinkApp : WebApplicationFactory<Program>
{
    public const string PublicUrl = "https://uplink.example.org";
    public const string ServiceApiKey = "test-service-key-0123456789";

    /// <summary>The Telegram user id every host treats as an admin (<c>Admin:TelegramIds</c>).</summary>
    public const long AdminTelegramId = 424_242;

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly TimeProvider? _time;
    private readonly bool _ownsDataDirectory;

    /// <param name="dataDirectory">An existing data directory to run on (a restarted host); the caller deletes it.</param>
    /// <param name="time">Replaces the host's clock, e.g. with a FakeTimeProvider.</param>
    /// <param name="services">Replaces services after the app's own registrations (test commands, fakes).</param>
    public UplinkApp(
        FakeBotApi? telegram,
        IReadOnlyDictionary<string, string?>? settings = null,
        string? dataDirectory = null,
        TimeProvider? time = null,
        Action<IServiceCollection>? services = null)
    {
        _time = time;
        _ownsDataDirectory = dataDirectory is null;
        _services = services;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("uplink-test-").FullName;
        _settings = new Dictionary<string, string?>
        {
            ["Site:PublicUrl"] = PublicUrl,
            ["Site:Name"] = "Test Community",
            ["Storage:Directory"] = DataDirectory,
            ["Telegram:BotToken"] = telegram is null ? "" : FakeBotApi.Token,
            ["Telegram:ApiBaseUrl"] = telegram?.BaseUrl.ToString() ?? "https://api.telegram.org",
            ["Telegram:Mode"] = "Polling",
            // Short long-polls and retries keep shutdown and recovery quick; the schedule itself is tested apart.
            ["Telegram:PollingTimeoutSeconds"] = "1",
            ["Telegram:ReconnectInitialDelay"] = "00:00:00.050",
            ["Telegram:ReconnectMaxDelay"] = "00:00:00.500",
            // Everything is captured, so that the secrets test sees what an operator's verbose logs would.
            // Only request-start lines stay at Warning (appsettings.json): their URLs carry login codes.
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Information",
            ["Auth:SigningKey"] = TestJwt.SigningKey,
            ["Auth:ServiceApiKey"] = ServiceApiKey,
            // Many tests redeem from the same (test server) address; the limit itself is tested apart.
            ["Auth:RedeemPermitsPerMinute"] = "1000000",
            ["Auth:WrongKeyPermitsPerMinute"] = "1000000",
            // Telegram's flood limits would make every journey wait a second between replies; the
            // limits have tests of their own, on a FakeTimeProvider or a compressed schedule.
            ["Telegram:MessagesPerSecond"] = "100000",
            ["Telegram:ChatMessageInterval"] = "00:00:00",
            ["Telegram:GroupMessagesPerMinute"] = "100000",
            ["Admin:TelegramIds:0"] = AdminTelegramId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // A slow or failing events source costs a test about a second, not the production minute.
            ["Events:AttemptTimeout"] = "00:00:01",
            ["Events:TotalTimeout"] = "00:00:05",
            ["Events:MaxRetryAttempts"] = "1",
            ["Events:RetryDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string DataDirectory { get; }

    /// <summary>Every log record the host wrote.</summary>
    public FakeLogCollector Logs => Services.GetRequiredService<FakeLogCollector>();

    internal async Task<T> QueryAsync<T>(Func<UplinkDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<UplinkDbContext>());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.ClearProviders().AddFakeLogging().SetMinimumLevel(LogLevel.Debug));
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, FakeRemoteAddress>());
        if (_time is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(_time));
        }

        if (_services is { } services)
        {
            builder.ConfigureTestServices(services);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!_ownsDataDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer; the temp directory is cleaned by the OS.
        }
    }
}
