using Microsoft.EntityFrameworkCore;

namespace Uplink.Infrastructure.Data;

internal static class ProviderValues
{
    /// <summary>
    /// A value as the column of <typeparamref name="TEntity"/>.<paramref name="property"/> stores it,
    /// for hand-written SQL: on SQLite a DateTimeOffset is a binary integer (see
    /// <see cref="SqliteUplinkDbContext"/>), on PostgreSQL it stays a timestamptz.
    /// </summary>
    public static object ProviderValue<TEntity>(this DbContext db, string property, object value) =>
        db.Model.FindEntityType(typeof(TEntity))!.FindProperty(property)!.GetTypeMapping().Converter is { } converter
            ? converter.ConvertToProvider(value)!
            : value;
}
