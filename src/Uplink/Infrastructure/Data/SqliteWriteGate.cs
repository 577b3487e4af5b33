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
/// blocking threads: a SaveChanges holds it from start to end, and a bulk statement
/// (ExecuteUpdate / ExecuteDelete, or UPDATE … RETURNING) outside a transaction holds it while it runs. Readers never wait
/// (WAL). Another process writing to the same file is still met by SQLite's busy handling.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification =
    "A SemaphoreSlim needs disposing only once its wait handle is used, which this one's never is; the gate lives as long as the context pool.")]
internal sealed class SqliteWriteGate : DbCommandInterceptor, ISaveChangesInterceptor
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<DbContext, byte> _saving = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<DbCommand, byte> _writing = new(ReferenceEqualityComparer.Instance);

    // SaveChanges: the whole batch, which EF may or may not wrap in a transaction.

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        _saving[eventData.Context!] = 0;
        return result;
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        _gate.Wait();
        _saving[eventData.Context!] = 0;
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        EndSave(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        EndSave(eventData.Context);
        return result;
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        EndSave(eventData.Context);
        return Task.CompletedTask;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => EndSave(eventData.Context);

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        EndSave(eventData.Context);
        return Task.CompletedTask;
    }

    public void SaveChangesCanceled(DbContextEventData eventData) => EndSave(eventData.Context);

    private void EndSave(DbContext? context)
    {
        if (context is not null && _saving.TryRemove(context, out _))
        {
            _gate.Release();
        }
    }

    // Bulk statements: one command each, outside any transaction.

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await EnterAsync(command, eventData, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Enter(command, eventData);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        EndCommand(command);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        EndCommand(command);
        return result;
    }

    // A write that returns rows (UPDATE … RETURNING) holds the gate until its reader is disposed.

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await EnterAsync(command, eventData, cancellationToken);
        return result;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Enter(command, eventData);
        return result;
    }

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        EndCommand(command);
        return result;
    }

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        EndCommand(command);
        return Task.CompletedTask;
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => EndCommand(command);

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        EndCommand(command);
        return Task.CompletedTask;
    }

    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => EndCommand(command);

    private bool NeedsGate(DbCommand command, CommandEventData eventData) =>
        command.Transaction is null &&
        (eventData.Context is null || !_saving.ContainsKey(eventData.Context)) &&
        IsWrite(command.CommandText);

    private async ValueTask EnterAsync(DbCommand command, CommandEventData eventData, CancellationToken ct)
    {
        if (NeedsGate(command, eventData))
        {
            await _gate.WaitAsync(ct);
            _writing[command] = 0;
        }
    }

    private void Enter(DbCommand command, CommandEventData eventData)
    {
        if (NeedsGate(command, eventData))
        {
            _gate.Wait();
            _writing[command] = 0;
        }
    }

    private void EndCommand(DbCommand command)
    {
        if (_writing.TryRemove(command, out _))
        {
            _gate.Release();
        }
    }

    private static bool IsWrite(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        return text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase) ||
               text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase) ||
               text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase);
    }
}
