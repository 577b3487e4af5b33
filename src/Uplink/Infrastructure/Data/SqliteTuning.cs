using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Uplink.Infrastructure.Data;

/// <summary>
/// SQLite as a server's database: write-ahead logging, and synchronous=NORMAL, which in WAL mode
/// syncs at checkpoints instead of at every commit. A crash of the process loses nothing; a power
/// failure may lose the last commits, not the database. Measured: with a sync per commit, issuing and
/// redeeming a login code topped out below a hundred pairs a second on this machine's disk.
/// Both settings stay with SQLite's connection, which Microsoft.Data.Sqlite pools: they are set once
/// per pooled connection, not at each of the many opens of a request.
/// </summary>
internal sealed class SqliteTuning : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";

    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _tuned = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!Untuned(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!Untuned(connection))
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>True the first time a pooled SQLite connection is seen (and from then on counts it as tuned).</summary>
    private bool Untuned(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || _tuned.TryAdd(handle, this);
}
