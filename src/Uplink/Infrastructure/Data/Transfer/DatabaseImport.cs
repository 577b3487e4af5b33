using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Uplink.Infrastructure.Data.Transfer;

/// <summary>
/// <c>dotnet Uplink.dll import FILE</c>: an export loaded into an empty, migrated database of
/// either provider, keys kept, in one transaction; PostgreSQL's identity sequences are moved past
/// the imported keys so that the next member registered gets a fresh id.
/// </summary>
internal sealed class DatabaseImport(UplinkDbContext db, ILogger<DatabaseImport> logger)
{
    private const int RowsPerStatement = 100;

    public async Task<IReadOnlyDictionary<string, long>> ImportAsync(string file, CancellationToken ct)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var tables = TransferTable.Of(db.Model).ToDictionary(t => t.Name);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        await RefuseNonEmptyAsync(connection, sql, tables.Values, ct);

        await using var transaction = await connection.BeginTransactionAsync(ct);
        var counts = new Dictionary<string, long>();
        using var reader = new StreamReader(file);
        Batch? batch = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var row = JsonDocument.Parse(line);
            if (row.RootElement.TryGetProperty(TransferFormat.TableKey, out var name))
            {
                await FlushAsync(batch, ct);
                var table = tables.GetValueOrDefault(name.GetString()!)
                    ?? throw new InvalidDataException($"The file has a table \"{name.GetString()}\" this version of Uplink does not know.");
                if (table.Principals.FirstOrDefault(p => !counts.ContainsKey(p)) is { } missing)
                {
                    throw new InvalidDataException($"The file lists {table.Name} before {missing}, which it refers to.");
                }

                batch = new Batch(table, connection, transaction, sql);
                counts[table.Name] = 0;
                continue;
            }

            var current = batch ?? throw new InvalidDataException("The file does not start with a table's header line.");
            current.Add(row.RootElement);
            counts[current.Table.Name]++;
            if (current.Count == RowsPerStatement)
            {
                await FlushAsync(current, ct);
            }
        }

        await FlushAsync(batch, ct);
        if (db.Database.IsNpgsql())
        {
            await ResetSequencesAsync(connection, transaction, sql, tables.Values, ct);
        }

        await transaction.CommitAsync(ct);
        foreach (var (table, count) in counts)
        {
            logger.LogInformation("import: {Table}: {Count} row(s)", table, count);
        }

        return counts;
    }

    private static async Task FlushAsync(Batch? batch, CancellationToken ct)
    {
        if (batch is not null)
        {
            await batch.FlushAsync(ct);
        }
    }

    private static async Task RefuseNonEmptyAsync(
        DbConnection connection, ISqlGenerationHelper sql, IEnumerable<TransferTable> tables, CancellationToken ct)
    {
        var filled = new List<string>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Names from the model, not from input.
            command.CommandText = $"SELECT 1 FROM {sql.Quote(table.Name)} LIMIT 1";
#pragma warning restore CA2100
            if (await command.ExecuteScalarAsync(ct) is not null)
            {
                filled.Add(table.Name);
            }
        }

        if (filled.Count > 0)
        {
            throw new InvalidOperationException(
                $"import needs an empty database, but {string.Join(", ", filled)} already hold rows; " +
                "import into a freshly created database after `dotnet Uplink.dll migrate`, before any instance has started on it.");
        }
    }

    private static async Task ResetSequencesAsync(
        DbConnection connection, DbTransaction transaction, ISqlGenerationHelper sql, IEnumerable<TransferTable> tables, CancellationToken ct)
    {
        foreach (var key in tables.Select(t => (t.Name, Keys: t.Keys.ToList())).Where(t => t.Keys.Count == 1))
        {
            var column = key.Keys[0];
            if (column.Property.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never || column.Property.ClrType == typeof(string))
            {
                continue;
            }

            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // setval(NULL, …) is NULL: a key column without a sequence is left alone.
#pragma warning disable CA2100 // Names from the model, not from input.
            command.CommandText = $"SELECT setval(pg_get_serial_sequence('{sql.Quote(key.Name)}', '{column.Name}'), " +
                $"COALESCE((SELECT MAX({sql.Quote(column.Name)}) FROM {sql.Quote(key.Name)}), 0) + 1, false)";
#pragma warning restore CA2100
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Rows of one table, inserted a statement of many rows at a time.</summary>
    private sealed class Batch(TransferTable table, DbConnection connection, DbTransaction transaction, ISqlGenerationHelper sql)
    {
        private readonly List<JsonElement> _rows = [];
        private IReadOnlyList<TransferColumn>? _columns;

        public TransferTable Table => table;

        public int Count => _rows.Count;

        public void Add(JsonElement row)
        {
            // The first row decides the columns: an older file lacks a newer column, which keeps its default.
            _columns ??= [.. table.Columns.Where(c => row.TryGetProperty(c.Name, out _))];
            foreach (var property in row.EnumerateObject())
            {
                if (table.Columns.All(c => c.Name != property.Name))
                {
                    throw new InvalidDataException($"The file has a column {table.Name}.{property.Name} this version of Uplink does not know.");
                }
            }

            _rows.Add(row.Clone());
        }

        public async Task FlushAsync(CancellationToken ct)
        {
            if (_rows.Count == 0)
            {
                return;
            }

            var columns = _columns!;
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var values = new List<string>();
            foreach (var row in _rows)
            {
                var names = new List<string>();
                foreach (var column in columns)
                {
                    var name = $"@p{command.Parameters.Count}";
                    var value = row.TryGetProperty(column.Name, out var element) ? column.Parse(element, TransferFormat.Json) : null;
                    command.Parameters.Add(column.Parameter(command, name, value));
                    names.Add(name);
                }

                values.Add($"({string.Join(", ", names)})");
            }

#pragma warning disable CA2100 // Names from the model, values as parameters.
            command.CommandText = $"INSERT INTO {sql.Quote(table.Name)} ({string.Join(", ", columns.Select(c => sql.Quote(c.Name)))}) " +
                $"VALUES {string.Join(", ", values)}";
#pragma warning restore CA2100
            await command.ExecuteNonQueryAsync(ct);
            _rows.Clear();
        }
    }
}
