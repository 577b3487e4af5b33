using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;
using Uplink.Tests.Infrastructure;

namespace Uplink.Tests.Deployment;

/// <summary>The release step (<c>migrate</c>) and a start-up that meets a database not up yet.</summary>
public sealed class DatabaseStartupTests
{
    [Fact]
    public async Task Migrate_creates_the_schema_of_an_empty_database_and_exits_0()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var database = postgres.ConnectionString("uplink_migrate");
        await using var migrate = UplinkProcess.Start(null, new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Database"] = database,
        }, "migrate");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await migrate.WaitForExitAsync(timeout.Token);

        Assert.Equal(0, migrate.ExitCode);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('members', 'leases', 'data_protection_keys')", connection);
        Assert.Equal(3L, await command.ExecuteScalarAsync());
        Assert.Contains(migrate.Output, l => l.Contains("migration(s) applied", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_up_waits_for_a_database_that_comes_up_late()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await postgres.StopServerAsync();
        // Read apart from the host's own collector: the host is not built until start-up returns.
        var lines = new FakeLogCollector();
        await using var app = new UplinkApp(null, new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Database"] = postgres.ConnectionString("uplink_late"),
        }, services: s => s.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(lines)));

        var starting = Task.Run(app.StartServer);
        await WaitForLogAsync(lines, "The database is unreachable (attempt 1");
        Assert.False(starting.IsCompleted);
        await postgres.StartServerAsync();
        await starting.WaitAsync(TimeSpan.FromSeconds(60));

        using var client = app.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    private static async Task WaitForLogAsync(FakeLogCollector lines, string text)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (lines.GetSnapshot().Any(r => r.Message.Contains(text, StringComparison.Ordinal)))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No log line \"{text}\".");
    }
}
