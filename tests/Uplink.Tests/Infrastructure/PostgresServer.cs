using System.Diagnostics;

namespace Uplink.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server from Debian's packages, on a free 127.0.0.1 port, in a temporary
/// directory. The server refuses to run as root, so as root it runs as the <c>postgres</c> user.
/// ./test.sh installs the package; without it these tests fail with that hint, never skip.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _binaries;

    private PostgresServer(string directory, string binaries, int port)
    {
        _directory = directory;
        _binaries = binaries;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=15";

    public static async Task<PostgresServer> StartAsync()
    {
        var binaries = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (binaries is null)
        {
            throw new InvalidOperationException(
                "PostgreSQL server binaries not found under /usr/lib/postgresql: run ./test.sh, which installs them.");
        }

        var directory = Directory.CreateTempSubdirectory("uplink-pg-").FullName;
        var port = Ports.Free();
        var server = new PostgresServer(directory, binaries, port);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "-R", "postgres:postgres", directory);
        }

        await server.RunServerToolAsync("initdb", "-D", server.DataPath, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8");
        await server.StartServerAsync();
        return server;
    }

    /// <summary>
    /// Starts the server (again) on the same port and data. fsync is off for speed, but commits
    /// still wait for their WAL write (synchronous_commit stays on), so that an outage never loses
    /// a commit made before it (a code generated just before was otherwise gone after it).
    /// </summary>
    public Task StartServerAsync() => RunServerToolAsync("pg_ctl", "-D", DataPath, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
        "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300",
        "start");

    /// <summary>An outage: the server stops ("fast": at once, but cleanly) and drops every connection.</summary>
    public Task StopServerAsync() => RunServerToolAsync("pg_ctl", "-D", DataPath, "-m", "fast", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunServerToolAsync("pg_ctl", "-D", DataPath, "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private string DataPath => Path.Combine(_directory, "data");

    private Task RunServerToolAsync(string tool, params string[] args)
    {
        var path = Path.Combine(_binaries, tool);
        return Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args])
            : RunAsync(path, args);
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }

}
