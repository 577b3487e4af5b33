using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Uplink.Bot;
using Uplink.Infrastructure.Data;

namespace Uplink.Tests.Infrastructure.Data;

/// <summary>
/// What the write gate counts as a write is what EF says a statement is, not how its SQL starts:
/// a second writer waits in the queue, and only reaches SQLite once the first is done.
/// </summary>
public sealed class SqliteWriteQueueTests : IAsyncLifetime
{
    private static readonly TimeSpan Jammed = TimeSpan.FromSeconds(30);

    // How long the first writer keeps its transaction open: long enough for an ungated second
    // writer to reach SQLite, which fails the test; a gated one waits it out either way.
    private static readonly TimeSpan Patience = TimeSpan.FromMilliseconds(300);

    private readonly string _directory = Directory.CreateTempSubdirectory("uplink-gate-").FullName;
    private readonly SqliteWriteGate _gate = new();

    public async ValueTask InitializeAsync()
    {
        await using var db = Context();
        await db.Database.MigrateAsync();
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public Task A_write_inside_an_explicit_transaction_queues_behind_another_writer() =>
        AssertQueuedBehindATransactionAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Add(new BotStateEntry { Key = "in-transaction", Value = "written" });
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        });

    [Fact]
    public Task A_statement_starting_with_WITH_that_inserts_queues_behind_another_writer() =>
        AssertQueuedBehindATransactionAsync(db => db.Database.ExecuteSqlAsync($"""
            WITH fresh(key) AS (SELECT {"with-insert"})
            INSERT INTO bot_state (key, value, updated_at) SELECT key, 'written', 0 FROM fresh
            """));

    [Fact]
    public async Task A_transaction_given_up_without_commit_or_rollback_lets_the_next_writer_in()
    {
        await using (var db = Context())
        {
            var transaction = await db.Database.BeginTransactionAsync();
            db.Add(new BotStateEntry { Key = "abandoned", Value = "never" });
            await db.SaveChangesAsync();
            await transaction.DisposeAsync();
        }

        await using var next = Context();
        next.Add(new BotStateEntry { Key = "after-abandoned", Value = "written" });
        await next.SaveChangesAsync().WaitAsync(Jammed);
        Assert.False(await next.Set<BotStateEntry>().AnyAsync(e => e.Key == "abandoned"));
    }

    private async Task AssertQueuedBehindATransactionAsync(Func<SqliteUplinkDbContext, Task> write)
    {
        var arrivals = new ArrivalRecorder();
        await using var first = Context();
        await using var second = Context(arrivals);
        await using (var transaction = await first.Database.BeginTransactionAsync())
        {
            first.Add(new BotStateEntry { Key = "first", Value = "holding" });
            await first.SaveChangesAsync();

            var writing = Task.Run(() => write(second));
            var reachedSqliteMeanwhile = await Task.WhenAny(arrivals.Arrived, Task.Delay(Patience)) == arrivals.Arrived;
            await transaction.CommitAsync();

            await writing.WaitAsync(Jammed);
            Assert.False(reachedSqliteMeanwhile, "the second writer reached SQLite while the first held its transaction");
        }

        Assert.Equal(2, await second.Set<BotStateEntry>().CountAsync());
    }

    private SqliteUplinkDbContext Context(params IInterceptor[] after) => new(new DbContextOptionsBuilder<SqliteUplinkDbContext>()
        .UseSqlite($"Data Source={Path.Combine(_directory, "gate.db")}")
        .AddInterceptors([new SqliteTuning(), _gate, .. after])
        .UseSnakeCaseNamingConvention()
        .Options);

    /// <summary>Registered after the gate, so it sees a statement only once the gate let it through.</summary>
    private sealed class ArrivalRecorder : DbCommandInterceptor, IDbTransactionInterceptor
    {
        private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Arrived => _arrived.Task;

        public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
            TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            _arrived.TrySetResult();
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            _arrived.TrySetResult();
            return ValueTask.FromResult(result);
        }
    }
}
