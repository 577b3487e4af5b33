using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Uplink.Infrastructure.Data;

/// <summary>The gate's holds that span several statements: a SaveChanges, an explicit transaction.</summary>
internal sealed partial class SqliteWriteGate
{
    /// <summary>The gate among a context's interceptors; null when it has none (PostgreSQL).</summary>
    public static SqliteWriteGate? Of(DbContext context) =>
        context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<SqliteWriteGate>().FirstOrDefault();

    // Plain ADO.NET commands on a context's connection (RawCommands), which EF's interceptors never
    // see: held for the context, so that the context's own EF commands meanwhile re-enter.

    public ValueTask HoldAsync(DbContext context, CancellationToken ct) => EnterAsync(context, ct);

    public void Release(DbContext context) => Exit(context);

    // SaveChanges: the whole batch, which EF may or may not wrap in a transaction.

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await EnterAsync(eventData.Context!, cancellationToken);
        return result;
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Enter(eventData.Context!);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Exit(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Exit(eventData.Context);
        return result;
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) => Exited(eventData.Context);

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Exit(eventData.Context);

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default) => Exited(eventData.Context);

    public void SaveChangesCanceled(DbContextEventData eventData) => Exit(eventData.Context);

    // Explicit transactions: from BeginTransaction to commit or rollback.

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            await EnterAsync(context, cancellationToken);
        }

        return result;
    }

    public InterceptionResult<DbTransaction> TransactionStarting(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (eventData.Context is { } context)
        {
            Enter(context);
        }

        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Exited(eventData.Context);

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Exit(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Exited(eventData.Context);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Exit(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) =>
        Exited(eventData.Context);

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Exit(eventData.Context);

    // A transaction disposed without commit or rollback raises no event above; it cannot outlive its
    // connection, whose closing (at the latest when the context goes back to the pool) ends every hold.

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData) =>
        Ended(OwnerOf(eventData.Context, connection));

    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => End(OwnerOf(eventData.Context, connection));

    public Task ConnectionDisposedAsync(DbConnection connection, ConnectionEndEventData eventData) =>
        Ended(OwnerOf(eventData.Context, connection));

    public void ConnectionDisposed(DbConnection connection, ConnectionEndEventData eventData) => End(OwnerOf(eventData.Context, connection));
}
