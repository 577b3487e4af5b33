using System.Diagnostics;
using System.Globalization;
using Uplink.Tests.Infrastructure;

namespace Uplink.Tests.Deployment;

/// <summary>
/// Debian's nginx on a free 127.0.0.1 port, in front of Uplink instances as deploy/nginx/uplink.conf
/// sets it up: round robin over the instances, X-Forwarded-For/-Proto/-Host. TLS is what the real
/// site terminates; here nginx speaks http on loopback and says "https" as that proxy would. A
/// request may name its instance (<c>X-Test-Instance: 0|1</c>) so a test can split a journey.
/// </summary>
public sealed class NginxServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private NginxServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public static async Task<NginxServer> StartAsync(IReadOnlyList<int> instancePorts)
    {
        if (!File.Exists("/usr/sbin/nginx"))
        {
            throw new InvalidOperationException("nginx not found: run ./test.sh, which installs it.");
        }

        var directory = Directory.CreateTempSubdirectory("uplink-nginx-").FullName;
        var port = Ports.Free();
        var servers = string.Join("\n", instancePorts.Select(p => $"    server 127.0.0.1:{p};"));
        var pinned = string.Join("\n", instancePorts.Select((p, i) => $"    {i} 127.0.0.1:{p};"));
        await File.WriteAllTextAsync(Path.Combine(directory, "nginx.conf"), $$"""
            worker_processes 1;
            error_log {{directory}}/error.log warn;
            pid {{directory}}/nginx.pid;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path {{directory}}/body;
              proxy_temp_path {{directory}}/proxy;
              fastcgi_temp_path {{directory}}/fastcgi;
              uwsgi_temp_path {{directory}}/uwsgi;
              scgi_temp_path {{directory}}/scgi;
              upstream uplink {
            {{servers}}
                keepalive 32;
              }
              map $http_x_test_instance $pinned {
                default "";
            {{pinned}}
              }
              server {
                listen 127.0.0.1:{{port}};
                location / {
                  set $target uplink;
                  if ($pinned) { set $target $pinned; }
                  proxy_pass http://$target;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_set_header Host $http_host;
                  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                  proxy_set_header X-Forwarded-Proto https;
                  proxy_set_header X-Forwarded-Host $http_host;
                }
              }
            }
            """);
        var info = new ProcessStartInfo("/usr/sbin/nginx", ["-p", directory, "-c", Path.Combine(directory, "nginx.conf"), "-g", "daemon off;"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(info)!;
        var server = new NginxServer(process, directory, port);
        await server.WaitListeningAsync();
        return server;
    }

    private async Task WaitListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (System.Net.Sockets.SocketException)
            {
                var log = File.Exists(Path.Combine(_directory, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(_directory, "error.log")) : "";
                var error = _process.HasExited ? await _process.StandardError.ReadToEndAsync() : "";
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"nginx did not listen on {Port}: {error} {log}"));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
