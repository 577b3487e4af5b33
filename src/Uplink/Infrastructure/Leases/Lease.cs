using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Uplink.Infrastructure.Leases;

/// <summary>
/// A named lease in the shared database: whoever holds an unexpired one does the work it names
/// (polling the bot, a periodic job). Expiry, not a connection, ends it, so a holder killed with
/// SIGKILL or cut off from the database frees it after its timeout whatever the provider.
/// </summary>
internal sealed class Lease
{
    public required string Name { get; set; }

    /// <summary>The instance that holds it (<see cref="Leases.Holder"/>).</summary>
    public required string Holder { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class LeaseConfiguration : IEntityTypeConfiguration<Lease>
{
    public void Configure(EntityTypeBuilder<Lease> builder)
    {
        builder.ToTable("leases");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(128);
        builder.Property(l => l.Holder).HasMaxLength(256);
    }
}
