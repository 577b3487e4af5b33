using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Uplink.Features.Admin;

internal enum BroadcastStatus
{
    Sending,
    Paused,
    Cancelled,
    Completed,
}

internal enum DeliveryStatus
{
    Pending,

    /// <summary>Claimed by a batch whose send is under way; its outcome is recorded right after.</summary>
    Sending,
    Sent,

    /// <summary>Telegram answered 403 (the member blocked the bot), or the member was already known unreachable.</summary>
    Blocked,
    Failed,

    /// <summary>
    /// Claimed but its outcome never recorded (the instance died between send and record). It may
    /// or may not have arrived; it is not sent again, so nobody gets the message twice.
    /// </summary>
    Unconfirmed,
}

/// <summary>A message from an admin to many members, sent by whichever instance holds its lease.</summary>
internal sealed class Broadcast
{
    public const int MaxTextLength = 4096;
    public const int MaxCaptionLength = 1024;

    public long Id { get; set; }

    /// <summary>The admin who sent it; their private chat gets the progress message.</summary>
    public long AdminTelegramId { get; set; }

    /// <summary>Telegram HTML.</summary>
    public required string Text { get; set; }

    public string? PhotoFileId { get; set; }

    /// <summary>Only this event's attendees; null: everyone.</summary>
    public long? EventId { get; set; }

    public BroadcastStatus Status { get; set; }

    public int Total { get; set; }

    /// <summary>The admin's progress message, edited in place.</summary>
    public int? ProgressMessageId { get; set; }

    public DateTimeOffset? ProgressAt { get; set; }

    /// <summary>The instance sending it, until <see cref="ClaimedUntil"/> (renewed with every batch).</summary>
    public string? ClaimedBy { get; set; }

    public DateTimeOffset? ClaimedUntil { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>One recipient of a broadcast and how their message fared.</summary>
internal sealed class BroadcastDelivery
{
    public long Id { get; set; }
    public long BroadcastId { get; set; }
    public long MemberId { get; set; }
    public long ChatId { get; set; }
    public DeliveryStatus Status { get; set; }

    /// <summary>The batch that claimed it: its instance records the outcome by this.</summary>
    public string? Batch { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}

internal sealed class BroadcastConfiguration : IEntityTypeConfiguration<Broadcast>
{
    public void Configure(EntityTypeBuilder<Broadcast> builder)
    {
        builder.ToTable("broadcasts");
        builder.Property(b => b.Text).HasMaxLength(Broadcast.MaxTextLength * 2); // room for the HTML tags
        builder.Property(b => b.PhotoFileId).HasMaxLength(256);
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.ClaimedBy).HasMaxLength(64);
        builder.HasIndex(b => b.Status);
        builder.HasMany<BroadcastDelivery>().WithOne().HasForeignKey(d => d.BroadcastId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BroadcastDeliveryConfiguration : IEntityTypeConfiguration<BroadcastDelivery>
{
    public void Configure(EntityTypeBuilder<BroadcastDelivery> builder)
    {
        builder.ToTable("broadcast_deliveries");
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Batch).HasMaxLength(32);
        builder.HasIndex(d => new { d.BroadcastId, d.MemberId }).IsUnique();
        builder.HasIndex(d => new { d.BroadcastId, d.Status });
        builder.HasIndex(d => d.Batch);
    }
}
