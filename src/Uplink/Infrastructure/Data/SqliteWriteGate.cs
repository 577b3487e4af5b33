using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Uplink.Infrastructure.Data;

/// <summary>
/// SQLite has one writer at a time. Left to itself, every other connection that wants to write gets
/// SQLITE_BUSY and Microsoft.Data.Sqlite retries it after sleeping a thread for 150 ms: under load,
/// profiled, a third of the time went to those sleeps and issuing plus redeeming a login code
/// topped out at a few hundred a second. This gate queues this process's writers instead, without
/// blocking threads. Readers never wait (WAL). Another process writing to the same file is still met
/// by SQLite's busy handling.
/// <para>
/// What writes is decided by what EF says a command is, never by its SQL text:
/// a SaveChanges holds the gate from start to end; an explicit transaction holds it from BeginTransaction
/// to commit or rollback (Microsoft.Data.Sqlite begins with BEGIN IMMEDIATE, which takes SQLite's write
/// lock at once, so such a transaction is a writer however it is used); and outside those, every command
/// EF did not generate from a LINQ query holds it while it runs — ExecuteUpdate/ExecuteDelete, migrations,
/// and raw SQL (ExecuteSql, SqlQuery, FromSql). Raw SQL may write however it starts (UPDATE … RETURNING,
/// WITH … INSERT), and SQLite's own answer, sqlite3_stmt_readonly, is not exposed by Microsoft.Data.Sqlite,
/// so a raw read is queued like a write: a small cost, and the only safe guess. LINQ queries are SELECTs.
/// </para>
/// <para>
/// The gate is held per context and re-entered by it (a SaveChanges inside its transaction), so one
/// context never waits for itself; a context that writes while another context of the same flow holds
/// a transaction would wait forever, which is why nothing here nests contexts that way. A transaction
/// the gate did not see begin (UseTransaction) is left to SQLite: queuing its statements behind writers
/// that may wait for its lock could deadlock.
/// </para>
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification =
    "A SemaphoreSlim needs disposing only once its wait handle is used, which this one's never is; the gate lives as long as the context pool.")]
internal sealed partial class SqliteWriteGate : DbCommandInterceptor, ISaveChangesInterceptor, IDbTransactionInterceptor, IDbConnectionInterceptor
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Who holds the gate (a context, or a command run without one), and for how many reasons.
    private readonly ConcurrentDictionary<object, int> _holders = new(ReferenceEqualityComparer.Instance);

    // Commands that took the gate themselves, and for whom.
    private readonly ConcurrentDictionary<DbCommand, object> _commands = new(ReferenceEqualityComparer.Instance);

    // Single commands outside a SaveChanges or transaction: every kind of execution, decided the same way.

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await CommandStartingAsync(command, eventData, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        CommandStarting(command, eventData);
        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await CommandStartingAsync(command, eventData, cancellationToken);
        return result;
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        CommandStarting(command, eventData);
        return result;
    }

    // A write that returns rows (UPDATE … RETURNING) holds the gate until its reader is disposed.

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await CommandStartingAsync(command, eventData, cancellationToken);
        return result;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        CommandStarting(command, eventData);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        CommandEnded(command);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        CommandEnded(command);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        CommandEnded(command);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        CommandEnded(command);
        return result;
    }

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        CommandEnded(command);
        return result;
    }

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandEnded(command);
        return Task.CompletedTask;
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => CommandEnded(command);

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandEnded(command);
        return Task.CompletedTask;
    }

    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => CommandEnded(command);

    private async ValueTask CommandStartingAsync(DbCommand command, CommandEventData eventData, CancellationToken ct)
    {
        if (TakesGate(command, eventData, out var owner))
        {
            await EnterAsync(owner, ct);
            _commands[command] = owner;
        }
    }

    private void CommandStarting(DbCommand command, CommandEventData eventData)
    {
        if (TakesGate(command, eventData, out var owner))
        {
            Enter(owner);
            _commands[command] = owner;
        }
    }

    private bool TakesGate(DbCommand command, CommandEventData eventData, out object owner)
    {
        owner = eventData.Context ?? (object)command;
        return eventData.CommandSource != CommandSource.LinqQuery && !_holders.ContainsKey(owner) && command.Transaction is null;
    }

    private void CommandEnded(DbCommand command)
    {
        if (_commands.TryRemove(command, out var owner))
        {
            Exit(owner);
        }
    }

    private static object OwnerOf(DbContext? context, DbConnection connection) => context ?? (object)connection;

    private void Enter(object owner)
    {
        if (!Reentered(owner))
        {
            _gate.Wait();
            _holders[owner] = 1;
        }
    }

    private async ValueTask EnterAsync(object owner, CancellationToken ct)
    {
        if (!Reentered(owner))
        {
            await _gate.WaitAsync(ct);
            _holders[owner] = 1;
        }
    }

    /// <summary>One more hold for an owner that has the gate already; one context is used by one flow at a time.</summary>
    private bool Reentered(object owner)
    {
        if (!_holders.TryGetValue(owner, out var holds))
        {
            return false;
        }

        _holders[owner] = holds + 1;
        return true;
    }

    private void Exit(object? owner)
    {
        if (owner is null || !_holders.TryGetValue(owner, out var holds))
        {
            return;
        }

        if (holds > 1)
        {
            _holders[owner] = holds - 1;
        }
        else
        {
            End(owner);
        }
    }

    private Task Exited(object? owner)
    {
        Exit(owner);
        return Task.CompletedTask;
    }

    /// <summary>Ends every hold of the owner at once.</summary>
    private void End(object owner)
    {
        if (_holders.TryRemove(owner, out _))
        {
            _gate.Release();
        }
    }

    private Task Ended(object owner)
    {
        End(owner);
        return Task.CompletedTask;
    }
}
