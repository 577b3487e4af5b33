using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Uplink.Features.Members;

namespace Uplink.Features.Events;

/// <summary>A member's answer to an event: going or not. One row per member and event.</summary>
internal sealed class EventRsvp
{
    public long Id { get; set; }
    public long EventId { get; set; }
    public long MemberId { get; set; }
    public bool Going { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal enum NoticeKind
{
    Reminder24Hours,
    Reminder1Hour,
    Moved,
    Cancelled,
}

/// <summary>
/// A reminder or notice that was sent (or is being sent). The row is inserted before the message
/// goes out, and its unique key makes that insert fail for anyone else: each is sent at most once,
/// across restarts and instances. <see cref="Stamp"/> says what it was about — the start time for
/// reminders (a moved event is reminded of again), the event's revision for change notices.
/// </summary>
internal sealed class EventNotice
{
    public long Id { get; set; }
    public long EventId { get; set; }
    public long MemberId { get; set; }
    public NoticeKind Kind { get; set; }
    public long Stamp { get; set; }
    public DateTimeOffset SentAt { get; set; }
}

internal sealed class EventRsvpConfiguration : IEntityTypeConfiguration<EventRsvp>
{
    public void Configure(EntityTypeBuilder<EventRsvp> builder)
    {
        builder.ToTable("event_rsvps");
        builder.HasIndex(r => new { r.EventId, r.MemberId }).IsUnique();
        builder.HasIndex(r => r.MemberId);
        builder.HasOne<Event>().WithMany().HasForeignKey(r => r.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EventNoticeConfiguration : IEntityTypeConfiguration<EventNotice>
{
    public void Configure(EntityTypeBuilder<EventNotice> builder)
    {
        builder.ToTable("event_notices");
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(32);
        builder.HasIndex(n => new { n.EventId, n.MemberId, n.Kind, n.Stamp }).IsUnique();
        builder.HasIndex(n => n.MemberId);
        builder.HasOne<Event>().WithMany().HasForeignKey(n => n.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Member>().WithMany().HasForeignKey(n => n.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
