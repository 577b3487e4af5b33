using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Uplink.Infrastructure.Data.Transfer;

/// <summary>
/// <c>dotnet Uplink.dll export FILE</c>: every table of the configured database into one JSON
/// lines file, a header line per table then a line per row, read and written as a stream.
/// </summary>
internal sealed class DatabaseExport(UplinkDbContext db, ILogger<DatabaseExport> logger)
{
    public async Task<IReadOnlyDictionary<string, long>> ExportAsync(string file, CancellationToken ct)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        var counts = new Dictionary<string, long>();
        var temporary = file + ".partial";
        await using (var stream = File.Create(temporary))
        {
            await using var writer = new Utf8JsonWriter(stream);
            foreach (var table in TransferTable.Of(db.Model))
            {
                WriteLine(writer, stream, w => w.WriteString(TransferFormat.TableKey, table.Name));
                counts[table.Name] = await ExportTableAsync(connection, sql, table, writer, stream, ct);
                logger.LogInformation("export: {Table}: {Count} row(s)", table.Name, counts[table.Name]);
            }
        }

        // Renamed only when complete: a failed export leaves no file that looks whole.
        File.Move(temporary, file, overwrite: true);
        return counts;
    }

    private static async Task<long> ExportTableAsync(
        DbConnection connection, ISqlGenerationHelper sql, TransferTable table, Utf8JsonWriter writer, Stream stream, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        // By key: a member's referrer registered before them, so comes before them on import too.
#pragma warning disable CA2100 // Names from the model, not from input.
        command.CommandText = $"SELECT {string.Join(", ", table.Columns.Select(c => sql.Quote(c.Name)))} FROM {sql.Quote(table.Name)} " +
            $"ORDER BY {string.Join(", ", table.Keys.Select(c => sql.Quote(c.Name)))}";
#pragma warning restore CA2100
        await using var reader = await command.ExecuteReaderAsync(ct);
        long count = 0;
        while (await reader.ReadAsync(ct))
        {
            WriteLine(writer, stream, w =>
            {
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    table.Columns[i].Write(w, table.Columns[i].Read(reader, i), TransferFormat.Json);
                }
            });
            count++;
        }

        return count;
    }

    private static void WriteLine(Utf8JsonWriter writer, Stream stream, Action<Utf8JsonWriter> properties)
    {
        writer.WriteStartObject();
        properties(writer);
        writer.WriteEndObject();
        writer.Flush();
        stream.WriteByte((byte)'\n');
        writer.Reset(stream);
    }
}
