using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Uplink.Features.Events;

internal enum DraftStep
{
    Title,
    When,
    Place,
    Description,
    Confirm,
}

/// <summary>
/// An admin's event draft in the bot, between their messages. Kept in the database, not in
/// memory: it survives restarts, and with several instances any of them can take the next message.
/// </summary>
internal sealed class EventConversation
{
    /// <summary>Conversations idle longer than this are forgotten.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    public long TelegramUserId { get; set; }

    /// <summary>The event being edited; null while creating one.</summary>
    public long? EventId { get; set; }

    public DraftStep Step { get; set; }

    /// <summary><see cref="EventDraft"/> as JSON.</summary>
    public string Draft { get; set; } = "{}";

    public DateTimeOffset UpdatedAt { get; set; }

    public EventDraft Read() => JsonSerializer.Deserialize<EventDraft>(Draft) ?? new EventDraft();

    public void Write(EventDraft draft) => Draft = JsonSerializer.Serialize(draft);
}

/// <summary>What the admin has entered so far.</summary>
internal sealed record EventDraft
{
    public string? Title { get; init; }
    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }
    public string? TimeZone { get; init; }
    public string? Place { get; init; }
    public string? Description { get; init; }
}

internal sealed class EventConversationConfiguration : IEntityTypeConfiguration<EventConversation>
{
    public void Configure(EntityTypeBuilder<EventConversation> builder)
    {
        builder.ToTable("event_conversations");
        builder.HasKey(c => c.TelegramUserId);
        builder.Property(c => c.TelegramUserId).ValueGeneratedNever();
        builder.Property(c => c.Step).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Draft).HasMaxLength(16_000);
        builder.HasIndex(c => c.UpdatedAt);
    }
}
