using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Uplink.Features.Admin;
using Uplink.Tests.Features.Auth;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;
using static Uplink.Tests.Features.Events.EventSteps;
using static Uplink.Tests.Features.Members.StartCommandTests;

namespace Uplink.Tests.Deployment;

/// <summary>Moving a community from SQLite to PostgreSQL with <c>export</c>, <c>migrate</c> and <c>import</c>, as docs/DEPLOY.md says.</summary>
public sealed class DatabaseTransferTests
{
    [Fact]
    public async Task A_sqlite_community_moves_to_postgres_whole_and_keeps_working()
    {
        await using var telegram = await FakeBotApi.StartAsync();
        var data = Directory.CreateTempSubdirectory("uplink-transfer-").FullName;
        var alice = telegram.NewUser("Alice", "en", "Liddell");
        string aliceCode;
        IReadOnlyList<string> tables;
        await using (var sqlite = new UplinkApp(telegram, dataDirectory: data))
        {
            sqlite.StartServer();
            await telegram.WaitForCallAsync("setMyCommands");
            aliceCode = await PopulateAsync(sqlite, telegram, alice);
            tables = await sqlite.QueryAsync(db => Task.FromResult<IReadOnlyList<string>>(
                [.. db.Model.GetEntityTypes().Select(t => t.GetTableName()!).Distinct()]));
        }

        var exported = Path.Combine(data, "uplink.jsonl");
        await RunAsync(new() { ["Storage__Directory"] = data }, "export", exported);
        await using var postgres = await PostgresServer.StartAsync();
        var target = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Database"] = postgres.ConnectionString("uplink_moved"),
        };
        await RunAsync(target, "migrate");
        await RunAsync(target, "import", exported);
        var reexported = Path.Combine(data, "from-postgres.jsonl");
        await RunAsync(target, "export", reexported);

        // Every table of the model is in the file, and PostgreSQL now holds exactly what SQLite held.
        var before = RowsByTable(exported);
        Assert.Equal(tables.Order(), before.Keys.Order());
        Assert.All(["members", "events", "event_rsvps", "broadcasts", "broadcast_deliveries", "auth_codes", "data_protection_keys"],
            t => Assert.NotEmpty(before[t]));
        var after = RowsByTable(reexported);
        Assert.All(before, table => Assert.Equal(table.Value, after[table.Key]));

        await using var moved = new UplinkApp(telegram, target.ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), string? (s) => s.Value));
        moved.StartServer();
        using var client = moved.CreateClient();
        var profile = await client.GetFromJsonAsync<JsonElement>($"/api/users/{aliceCode}");
        Assert.Equal("Alice Liddell", profile.GetProperty("display_name").GetString());
        var newcomer = telegram.NewUser("Newcomer");
        var welcome = await newcomer.SendAsync($"/start {aliceCode}");
        Assert.Contains("Alice Liddell", welcome.Plain);
        Assert.Equal(3, await moved.QueryAsync(db => db.Members.CountAsync(m => m.ReferrerId != null || m.TelegramUserId == alice.Id)));
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Import_refuses_a_database_that_already_holds_rows()
    {
        var data = Directory.CreateTempSubdirectory("uplink-transfer-").FullName;
        await using (var sqlite = new UplinkApp(null, dataDirectory: data))
        {
            sqlite.StartServer();
            using var client = sqlite.CreateClient();
            await client.CreateEventAsync("Already here", TimeSpan.FromDays(3));
        }

        var file = Path.Combine(data, "uplink.jsonl");
        var settings = new Dictionary<string, string> { ["Storage__Directory"] = data };
        await RunAsync(settings, "export", file);
        await using var import = Start(settings, "import", file);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await import.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, import.ExitCode);
        var refusal = Assert.Single(import.Output, l => l.Contains("import needs an empty database, but", StringComparison.Ordinal));
        Assert.Contains("events", refusal, StringComparison.Ordinal);
        Directory.Delete(data, recursive: true);
    }

    /// <summary>Two members (one invited by the other), an event both go to, a login, a broadcast.</summary>
    private static async Task<string> PopulateAsync(UplinkApp app, FakeBotApi telegram, TelegramUser alice)
    {
        var code = CodeIn(await alice.SendAsync("/start"));
        var friend = telegram.NewUser("Мария", "ru");
        await friend.SendAsync($"/start {code}");
        using var client = app.CreateClient();
        var id = await client.CreateEventAsync("Moving day", TimeSpan.FromDays(3), place: "Lab");
        foreach (var member in new[] { alice, friend })
        {
            await member.PressAsync($"/rsvp {id} yes", await member.SendAsync($"/event {id}"));
        }

        await client.LoginAsync(await client.GenerateCodeAsync(alice.Id));
        Assert.Contains("<form", await client.GetStringAsync("/login"), StringComparison.Ordinal); // a Data Protection key
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Broadcasts>().CreateAsync(UplinkApp.AdminTelegramId, "We are moving", null, null, CancellationToken.None);
        }

        await telegram.WaitForMessageAsync(m => m.ChatId == friend.Id && m.Plain.Contains("We are moving", StringComparison.Ordinal));
        return code;
    }

    private static async Task RunAsync(Dictionary<string, string> settings, params string[] args)
    {
        await using var process = Start(settings, args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, string.Join('\n', process.Output.TakeLast(30)));
    }

    /// <summary>A command without a bot token, and so without the sandbox and its database of its own.</summary>
    private static UplinkProcess Start(Dictionary<string, string> settings, params string[] args) =>
        UplinkProcess.Start(null, new Dictionary<string, string>(settings) { ["Sandbox__Enabled"] = "false" }, args);

    /// <summary>Each table's rows as lines, sorted: the databases may order text keys differently.</summary>
    private static Dictionary<string, List<string>> RowsByTable(string file)
    {
        var tables = new Dictionary<string, List<string>>();
        List<string>? current = null;
        foreach (var line in File.ReadLines(file))
        {
            using var json = JsonDocument.Parse(line);
            if (json.RootElement.TryGetProperty("$table", out var table))
            {
                tables[table.GetString()!] = current = [];
            }
            else
            {
                current!.Add(line);
            }
        }

        foreach (var rows in tables.Values)
        {
            rows.Sort(StringComparer.Ordinal);
        }

        return tables;
    }
}
