using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Uplink.Features.Admin;

internal enum BroadcastStep
{
    Message,
    Audience,
    Confirm,
}

/// <summary>
/// An admin's broadcast being written in the bot. In the database, as the event drafts are: it
/// survives restarts, and any instance can take the admin's next message.
/// </summary>
internal sealed class BroadcastDraft
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    public long TelegramUserId { get; set; }
    public BroadcastStep Step { get; set; }
    public string? Text { get; set; }
    public string? PhotoFileId { get; set; }
    public long? EventId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class BroadcastDraftConfiguration : IEntityTypeConfiguration<BroadcastDraft>
{
    public void Configure(EntityTypeBuilder<BroadcastDraft> builder)
    {
        builder.ToTable("broadcast_drafts");
        builder.HasKey(d => d.TelegramUserId);
        builder.Property(d => d.TelegramUserId).ValueGeneratedNever();
        builder.Property(d => d.Step).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Text).HasMaxLength(Broadcast.MaxTextLength * 2);
        builder.Property(d => d.PhotoFileId).HasMaxLength(256);
    }
}
