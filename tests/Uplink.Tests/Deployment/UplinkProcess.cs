using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Deployment;

/// <summary>
/// Uplink as an operator runs it, <c>dotnet Uplink.dll</c> in a child process configured by
/// environment variables: the one way to show what SIGKILL does to an instance.
/// </summary>
public sealed class UplinkProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly string _directory;

    private UplinkProcess(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public IReadOnlyList<string> Output
    {
        get { lock (_output) { return [.. _output]; } }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>dotnet Uplink.dll [args]</c> on a free port with the test defaults plus <paramref name="settings"/>.</summary>
    public static UplinkProcess Start(FakeBotApi? telegram, IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var directory = Directory.CreateTempSubdirectory("uplink-process-").FullName;
        var port = Ports.Free();
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Uplink.dll"), .. args])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var environment = new Dictionary<string, string>
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Storage__Directory"] = directory,
            ["Auth__SigningKey"] = TestJwt.SigningKey,
            ["Telegram__BotToken"] = telegram is null ? "" : FakeBotApi.Token,
            ["Telegram__ApiBaseUrl"] = telegram?.BaseUrl.ToString() ?? "https://api.telegram.org",
            ["Telegram__PollingTimeoutSeconds"] = "1",
            ["Telegram__ReconnectInitialDelay"] = "00:00:00.050",
            ["Telegram__ReconnectMaxDelay"] = "00:00:00.500",
            ["Telegram__MessagesPerSecond"] = "100000",
            ["Telegram__ChatMessageInterval"] = "00:00:00",
            ["Logging__Console__FormatterName"] = "simple",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return new UplinkProcess(Process.Start(info)!, directory, port);
    }

    /// <summary>The bot's state in /health/ready (Standby, Receiving…), or null while it does not answer.</summary>
    public async Task<string?> BotStateAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            var report = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{Port}/health/ready");
            return report.GetProperty("checks").GetProperty("bot").GetProperty("data").GetProperty("state").GetString();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Asks /health/ready until the bot is in <paramref name="state"/>; returns how long that took.</summary>
    public async Task<TimeSpan> WaitForBotStateAsync(string state, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (await BotStateAsync() != state)
        {
            if (clock.Elapsed > timeout || _process.HasExited)
            {
                throw new TimeoutException($"The bot did not reach {state} in {timeout}. Output:\n{string.Join('\n', Output.TakeLast(30))}");
            }

            await Task.Delay(100); // a real process: nothing to await but its answers
        }

        return clock.Elapsed;
    }

    public Task WaitForExitAsync(CancellationToken ct) => _process.WaitForExitAsync(ct);

    /// <summary>SIGKILL: no shutdown, no lease released, no offset confirmed.</summary>
    public void Kill() => _process.Kill();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }
}
