using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Uplink.Tests.Infrastructure;

/// <summary>
/// A TCP relay on 127.0.0.1 that holds back everything the server sends by a fixed latency, as a
/// slow or busy link would. Put in front of Redis for one instance, it makes that instance hear
/// pub/sub messages late, which is when a cache protocol that only publishes shows its gap.
/// </summary>
public sealed class LatencyProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _targetPort;
    private readonly TimeSpan _latency;
    private readonly Task _accepting;

    public LatencyProxy(int targetPort, TimeSpan latency)
    {
        _targetPort = targetPort;
        _latency = latency;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                await Task.WhenAny(
                    CopyAsync(client.GetStream(), server.GetStream(), TimeSpan.Zero, either.Token),
                    CopyAsync(server.GetStream(), client.GetStream(), _latency, either.Token));
                await either.CancelAsync(); // one side closed: close the other
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // The server is down or the client left: the connection just ends, as it would.
            }
        }
    }

    /// <summary>
    /// Copies as it arrives, each chunk held back until <paramref name="delay"/> after it arrived:
    /// latency, not a bandwidth limit (a backlog of replies must not pile up delay on delay).
    /// </summary>
    private static async Task CopyAsync(Stream from, Stream to, TimeSpan delay, CancellationToken ct)
    {
        var chunks = Channel.CreateUnbounded<(byte[] Data, long ArrivedAt)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var sending = SendAsync(chunks.Reader, to, delay, ct);
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, ct)) > 0)
            {
                chunks.Writer.TryWrite((buffer.AsSpan(0, read).ToArray(), Stopwatch.GetTimestamp()));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Either end went away.
        }

        chunks.Writer.TryComplete();
        await sending;
    }

    private static async Task SendAsync(ChannelReader<(byte[] Data, long ArrivedAt)> chunks, Stream to, TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await foreach (var (data, arrivedAt) in chunks.ReadAllAsync(ct))
            {
                var wait = delay - Stopwatch.GetElapsedTime(arrivedAt);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, ct); // real time on purpose: this is the link's latency
                }

                await to.WriteAsync(data, ct);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Either end went away.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
