using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Uplink.Features.Admin;
using Uplink.Features.Auth;
using Uplink.Features.Events;
using Uplink.Features.Members;

namespace Uplink.Infrastructure.Data;

/// <summary>
/// The model shared by both providers. Each provider has a derived context below so that it
/// keeps its own migrations (EF Core "Migrations with Multiple Providers").
/// </summary>
internal abstract class UplinkDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Member> Members => Set<Member>();

    public DbSet<AuthCode> AuthCodes => Set<AuthCode>();

    public DbSet<WebSession> WebSessions => Set<WebSession>();

    public DbSet<LoginRequest> LoginRequests => Set<LoginRequest>();

    public DbSet<Event> Events => Set<Event>();

    public DbSet<EventRsvp> EventRsvps => Set<EventRsvp>();

    public DbSet<EventNotice> EventNotices => Set<EventNotice>();

    public DbSet<EventConversation> EventConversations => Set<EventConversation>();

    public DbSet<Broadcast> Broadcasts => Set<Broadcast>();

    public DbSet<BroadcastDelivery> BroadcastDeliveries => Set<BroadcastDelivery>();

    public DbSet<BroadcastDraft> BroadcastDrafts => Set<BroadcastDraft>();

    /// <summary>ASP.NET Core Data Protection's key ring (antiforgery tokens…), shared by every instance.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(UplinkDbContext).Assembly);
}

internal sealed class SqliteUplinkDbContext(DbContextOptions<SqliteUplinkDbContext> options) : UplinkDbContext(options)
{
    // SQLite has no DateTimeOffset type: stored as text, it can be neither compared nor ordered
    // in SQL. The binary form (ticks plus offset) keeps both, since every value is UTC here.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
}

internal sealed class PostgresUplinkDbContext(DbContextOptions<PostgresUplinkDbContext> options) : UplinkDbContext(options);
