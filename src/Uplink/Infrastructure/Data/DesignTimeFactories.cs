using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Uplink.Infrastructure.Data;

// Used only by `dotnet ef migrations add`, so that each provider's migrations can be created
// without starting the host or reaching a database.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteUplinkDbContext>
{
    public SqliteUplinkDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<SqliteUplinkDbContext>()
            .UseSqlite("Data Source=design-time.db")
            .UseSnakeCaseNamingConvention()
            .Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresUplinkDbContext>
{
    public PostgresUplinkDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<PostgresUplinkDbContext>()
            .UseNpgsql("Host=localhost;Database=uplink")
            .UseSnakeCaseNamingConvention()
            .Options);
}
