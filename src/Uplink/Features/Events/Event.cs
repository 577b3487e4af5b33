using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Uplink.Features.Events;

internal enum EventStatus
{
    Scheduled,
    Cancelled,

    /// <summary>Imported, then gone from its source: kept (people RSVP'd to it), never listed.</summary>
    Removed,
}

internal sealed class Event
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxPlaceLength = 300;
    public const int MaxUrlLength = 1000;

    /// <summary>The source of events created in the bot or through the API.</summary>
    public const string LocalSource = "uplink";

    public long Id { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }

    /// <summary>UTC; shown in <see cref="TimeZone"/>.</summary>
    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset? EndsAt { get; set; }

    /// <summary>IANA time zone id, e.g. Europe/Berlin.</summary>
    public required string TimeZone { get; set; }

    public string? Place { get; set; }
    public string? Link { get; set; }
    public string? ImageUrl { get; set; }

    /// <summary><see cref="LocalSource"/>, or the address (host and path) of the site it was imported from.</summary>
    public required string Source { get; set; }

    /// <summary>The event's id at its source; null for local events.</summary>
    public string? ExternalId { get; set; }

    public EventStatus Status { get; set; }

    /// <summary>
    /// Bumped on each change attendees must hear about (time, place, cancellation): notices are
    /// recorded per revision, so each change is announced once.
    /// </summary>
    public int Revision { get; set; }

    /// <summary>When the latest such change happened; people who RSVP'd after it already know.</summary>
    public DateTimeOffset? ChangedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsLocal => Source == LocalSource;

    /// <summary>The end, or the start when the end is unknown.</summary>
    public DateTimeOffset Until => EndsAt ?? StartsAt;
}

internal sealed class EventConfiguration : IEntityTypeConfiguration<Event>
{
    public void Configure(EntityTypeBuilder<Event> builder)
    {
        builder.ToTable("events");
        builder.Property(e => e.Title).HasMaxLength(Event.MaxTitleLength);
        builder.Property(e => e.Description).HasMaxLength(Event.MaxDescriptionLength);
        builder.Property(e => e.TimeZone).HasMaxLength(64);
        builder.Property(e => e.Place).HasMaxLength(Event.MaxPlaceLength);
        builder.Property(e => e.Link).HasMaxLength(Event.MaxUrlLength);
        builder.Property(e => e.ImageUrl).HasMaxLength(Event.MaxUrlLength);
        builder.Property(e => e.Source).HasMaxLength(200);
        builder.Property(e => e.ExternalId).HasMaxLength(200);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        // NULLs are distinct in unique indexes on both providers, so local events (no external id) never clash.
        builder.HasIndex(e => new { e.Source, e.ExternalId }).IsUnique();
        builder.HasIndex(e => new { e.Status, e.StartsAt });
        builder.Ignore(e => e.IsLocal);
        builder.Ignore(e => e.Until);
    }
}
