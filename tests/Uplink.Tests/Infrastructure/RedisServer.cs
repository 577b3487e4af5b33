using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Uplink.Tests.Infrastructure;

/// <summary>
/// A throwaway redis-server (Debian's package) on a free 127.0.0.1 port, with no persistence.
/// Tests stop and start it to play outages, and flush it to play data loss.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        if (!File.Exists("/usr/bin/redis-server"))
        {
            throw new InvalidOperationException("redis-server not found: run ./test.sh, which installs it.");
        }

        var server = new RedisServer(Ports.Free());
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    public async Task StartAsync(CancellationToken ct)
    {
        var info = new ProcessStartInfo("/usr/bin/redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", "--protected-mode", "no" })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        while (!await AcceptsAsync())
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>An outage: the server goes away, connections drop.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Data loss: everything Redis knew is gone.</summary>
    public async Task FlushAsync()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        var stream = client.GetStream();
        await stream.WriteAsync("*1\r\n$8\r\nFLUSHALL\r\n"u8.ToArray());
        var buffer = new byte[64];
        _ = await stream.ReadAsync(buffer);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task<bool> AcceptsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

}
