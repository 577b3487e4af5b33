using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Uplink.Infrastructure.Data;

namespace Uplink.Tests.Infrastructure.Data;

/// <summary>
/// The compiled EF models (start-up skips building the model) must say what the entity
/// configurations say. After a model change, regenerate them (the commands are in the README, next to the migrations).
/// </summary>
public sealed class CompiledModelTests
{
    [Fact]
    public void The_compiled_SQLite_model_matches_the_entity_configurations() =>
        AssertCompiledModelMatches(new SqliteDesignTimeFactory().CreateDbContext([]));

    [Fact]
    public void The_compiled_PostgreSQL_model_matches_the_entity_configurations() =>
        AssertCompiledModelMatches(new PostgresDesignTimeFactory().CreateDbContext([]));

    private static void AssertCompiledModelMatches(DbContext db)
    {
        using (db)
        {
            var compiled = db.Model;
            var configured = db.GetService<IDesignTimeModel>().Model;

            Assert.EndsWith("UplinkDbContextModel", compiled.GetType().Name, StringComparison.Ordinal);
            Assert.Equal(Shape(configured), Shape(compiled));
        }
    }

    /// <summary>Everything the database and the change tracker rely on, one line per fact.</summary>
    private static string Shape(IModel model) => string.Join('\n', model.GetEntityTypes().OrderBy(e => e.Name).SelectMany(e =>
        new[] { $"{e.Name} -> {e.GetTableName()}" }
            .Concat(e.GetProperties().Select(p =>
                $"  {p.Name}: {p.GetColumnName()} {p.GetRelationalTypeMapping().StoreType} nullable={p.IsNullable} " +
                $"generated={p.ValueGenerated} converter={p.GetTypeMapping().Converter?.GetType().Name} max={p.GetMaxLength()}"))
            .Concat(e.GetKeys().Select(k => $"  key {Columns(k.Properties)} primary={k.IsPrimaryKey()}"))
            .Concat(e.GetIndexes().Select(i => $"  index {Columns(i.Properties)} unique={i.IsUnique}"))
            .Concat(e.GetForeignKeys().Select(f =>
                $"  foreign key {Columns(f.Properties)} -> {f.PrincipalEntityType.Name} {f.DeleteBehavior} required={f.IsRequired}"))));

    private static string Columns(IEnumerable<IProperty> properties) => string.Join(",", properties.Select(p => p.GetColumnName()));
}
