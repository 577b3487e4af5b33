using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Uplink.Bot;

/// <summary>A value the bot runtime keeps across restarts (the confirmed polling offset), by key.</summary>
internal sealed class BotStateEntry
{
    public required string Key { get; set; }
    public required string Value { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// An update received by the webhook, kept until handled and remembered for
/// <c>Telegram:WebhookDedupWindow</c>: a redelivery finds its id here and is not handled again,
/// and updates accepted but not handled before a crash are handled after the restart.
/// </summary>
internal sealed class WebhookUpdate
{
    public long BotId { get; set; }
    public int UpdateId { get; set; }
    public required string Payload { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? HandledAt { get; set; }
}

internal sealed class BotStateEntryConfiguration : IEntityTypeConfiguration<BotStateEntry>
{
    public void Configure(EntityTypeBuilder<BotStateEntry> builder)
    {
        builder.ToTable("bot_state");
        builder.HasKey(e => e.Key);
        builder.Property(e => e.Key).HasMaxLength(128);
        builder.Property(e => e.Value).HasMaxLength(1024);
    }
}

internal sealed class WebhookUpdateConfiguration : IEntityTypeConfiguration<WebhookUpdate>
{
    public void Configure(EntityTypeBuilder<WebhookUpdate> builder)
    {
        builder.ToTable("bot_webhook_updates");
        builder.HasKey(u => new { u.BotId, u.UpdateId });
        builder.Property(u => u.UpdateId).ValueGeneratedNever();
        builder.Property(u => u.BotId).ValueGeneratedNever();
        builder.HasIndex(u => u.ReceivedAt);
    }
}
