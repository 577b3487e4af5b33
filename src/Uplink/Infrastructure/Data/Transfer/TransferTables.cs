using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Uplink.Infrastructure.Data.Transfer;

/// <summary>
/// Every table of the model, principals before dependents, read from the DbContext's model so
/// that a table added later is exported and imported without anyone remembering to list it.
/// </summary>
internal sealed record TransferTable(string Name, IReadOnlyList<TransferColumn> Columns, IReadOnlyList<string> Principals)
{
    public static IReadOnlyList<TransferTable> Of(IModel model)
    {
        var types = model.GetEntityTypes().Where(t => t.GetTableName() is not null && !t.IsOwned()).ToList();
        var ordered = new List<IEntityType>();
        void Visit(IEntityType type, HashSet<IEntityType> path)
        {
            if (ordered.Contains(type) || !path.Add(type))
            {
                return;
            }

            // A table's own rows (a member's referrer) are ordered by key on export instead.
            foreach (var principal in type.GetForeignKeys().Select(k => k.PrincipalEntityType).Where(p => p != type))
            {
                Visit(principal, path);
            }

            ordered.Add(type);
        }

        foreach (var type in types.OrderBy(t => t.GetTableName(), StringComparer.Ordinal))
        {
            Visit(type, []);
        }

        return [.. ordered.Select(t => new TransferTable(
            t.GetTableName()!,
            [.. t.GetProperties().Select(p => new TransferColumn(p, p.IsPrimaryKey()))],
            [.. t.GetForeignKeys().Select(k => k.PrincipalEntityType.GetTableName()!).Where(n => n != t.GetTableName()).Distinct()]))];
    }

    public IEnumerable<TransferColumn> Keys => Columns.Where(c => c.IsKey);
}

/// <summary>One column: its name in both databases, and how its values cross the file.</summary>
internal sealed class TransferColumn(IProperty property, bool isKey)
{
    private static readonly System.Reflection.MethodInfo ReadMethod =
        typeof(TransferColumn).GetMethod(nameof(ReadAs), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    private readonly RelationalTypeMapping _mapping = property.GetRelationalTypeMapping();

    public string Name { get; } = property.GetColumnName();

    public bool IsKey { get; } = isKey;

    public IProperty Property { get; } = property;

    /// <summary>The model's value (after the provider's converter): what the other provider's converter takes.</summary>
    public object? Read(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        var providerType = _mapping.Converter?.ProviderClrType ?? _mapping.ClrType;
        providerType = Nullable.GetUnderlyingType(providerType) ?? providerType;
        var raw = ReadMethod.MakeGenericMethod(providerType).Invoke(null, [reader, ordinal]);
        return _mapping.Converter is { } converter ? converter.ConvertFromProvider(raw) : raw;
    }

    public DbParameter Parameter(DbCommand command, string name, object? value) =>
        _mapping.CreateParameter(command, name, value, Property.IsNullable);

    public void Write(Utf8JsonWriter writer, object? value, JsonSerializerOptions options)
    {
        writer.WritePropertyName(Name);
        JsonSerializer.Serialize(writer, Portable(value), options);
    }

    public object? Parse(JsonElement element, JsonSerializerOptions options) =>
        element.ValueKind == JsonValueKind.Null ? null : element.Deserialize(Property.ClrType, options);

    /// <summary>
    /// UTC, to the microsecond: what PostgreSQL keeps (SQLite keeps ticks), so that a file exported
    /// from either database reads the same.
    /// </summary>
    private static object? Portable(object? value) => value switch
    {
        DateTimeOffset t => new DateTimeOffset(t.UtcTicks - (t.UtcTicks % 10), TimeSpan.Zero),
        DateTime t => new DateTime(t.Ticks - (t.Ticks % 10), DateTimeKind.Utc),
        _ => value,
    };

    private static object? ReadAs<T>(DbDataReader reader, int ordinal) => reader.GetFieldValue<T>(ordinal);
}

internal static class TransferFormat
{
    /// <summary>The key of a table's header line; rows follow it, one JSON object per line.</summary>
    public const string TableKey = "$table";

    public static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public static string Quote(this ISqlGenerationHelper sql, string identifier) => sql.DelimitIdentifier(identifier);
}
