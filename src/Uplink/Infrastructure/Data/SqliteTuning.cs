using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Uplink.Infrastructure.Data;

/// <summary>
/// SQLite as a server's database: write-ahead logging, and synchronous=NORMAL, which in WAL mode
/// syncs at checkpoints instead of at every commit. A crash of the process loses nothing; a power
/// failure may lose the last commits, not the database. Measured: with a sync per commit, issuing and
/// redeeming a login code topped out below a hundred pairs a second on this machine's disk.
/// </summary>
internal sealed class SqliteTuning : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
