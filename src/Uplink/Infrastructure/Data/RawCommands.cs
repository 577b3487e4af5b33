using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Uplink.Infrastructure.Data;

/// <summary>
/// Plain ADO.NET on a context's connection, for the few writes hot enough that EF's work around each
/// command shows in a profile (a code login: issuing, then redeeming into a session). Profiled at
/// 64 concurrent logins, the cost was per command — opening the connection (Microsoft.Data.Sqlite
/// registers EF's SQL functions again on every open), EF's command pipeline, SQLite parsing each
/// statement — not in the statements: so each login step is one command, and these skip EF's pipeline.
/// Writers still queue behind SQLite's write gate, held here by hand since EF's interceptors never see
/// these commands; the connection opens through EF, so SQLite's tuning applies as ever.
/// </summary>
internal static class RawCommands
{
    /// <summary>
    /// Runs <paramref name="sql"/> and maps its first row, or returns null when it returns none.
    /// <paramref name="atomic"/> wraps it in a transaction of its own (several statements, all or none)
    /// unless the context is in one already.
    /// </summary>
    public static async Task<TRow?> WriteAsync<TRow>(
        this DbContext db, string sql, IReadOnlyList<KeyValuePair<string, object?>> parameters, Func<DbDataReader, TRow> map,
        bool atomic, CancellationToken ct)
        where TRow : class
    {
        var gate = SqliteWriteGate.Of(db);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (gate is not null)
            {
                await gate.HoldAsync(db, ct);
            }

            try
            {
                var connection = db.Database.GetDbConnection();
                var ambient = db.Database.CurrentTransaction?.GetDbTransaction();
                await using var own = atomic && ambient is null ? await connection.BeginTransactionAsync(ct) : null;
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                command.Transaction = ambient ?? own;
                foreach (var (name, value) in parameters)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    parameter.Value = value ?? DBNull.Value;
                    if (value is null or string)
                    {
                        parameter.DbType = DbType.String; // a null's type, for PostgreSQL
                    }

                    command.Parameters.Add(parameter);
                }

                TRow? row;
                await using (var reader = await command.ExecuteReaderAsync(ct))
                {
                    row = await reader.ReadAsync(ct) ? map(reader) : null;
                }

                if (own is not null)
                {
                    await own.CommitAsync(ct);
                }

                return row;
            }
            finally
            {
                gate?.Release(db);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
