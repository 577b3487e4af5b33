using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Uplink.Features.Members;

/// <summary>Optional profile fields a member may show on the public profile.</summary>
[Flags]
internal enum PublicFields
{
    None = 0,
    LastName = 1,
    Username = 2,
    Bio = 4,
    Photo = 8,

    /// <summary>How many members they brought in; also their name on the referral leaderboard.</summary>
    ReferralCount = 16,

    Default = LastName | Bio | Photo,
}

internal sealed class Member
{
    public const int MaxBioLength = 500;

    public long Id { get; set; }
    public long TelegramUserId { get; set; }
    public required string FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Username { get; set; }
    public string? LanguageCode { get; set; }

    /// <summary>Telegram file id of the current profile photo (from getUserProfilePhotos).</summary>
    public string? PhotoFileId { get; set; }

    /// <summary>Stable across bots and time; names the cached copy of the photo.</summary>
    public string? PhotoFileUniqueId { get; set; }

    public string? Bio { get; set; }
    public required string ReferralCode { get; set; }
    public long? ReferrerId { get; set; }
    public Member? Referrer { get; set; }
    public PublicFields PublicFields { get; set; } = PublicFields.Default;
    /// <summary>Set when Telegram refused a message to the member (403: blocked the bot); cleared when they write again.</summary>
    public DateTimeOffset? UnreachableSince { get; set; }

    /// <summary>When the member first pressed a button, answered an event or logged into the site (<see cref="MemberActivity"/>).</summary>
    public DateTimeOffset? FirstActiveAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public string FullName => LastName is { Length: > 0 } ? $"{FirstName} {LastName}" : FirstName;

    public string PublicName => Shows(PublicFields.LastName) ? FullName : FirstName;

    public bool Shows(PublicFields field) => PublicFields.HasFlag(field);
}

internal sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> builder)
    {
        builder.ToTable("members");
        builder.HasIndex(m => m.TelegramUserId).IsUnique();
        builder.HasIndex(m => m.ReferralCode).IsUnique();
        builder.HasIndex(m => m.ReferrerId);
        builder.Property(m => m.ReferralCode).HasMaxLength(ReferralCode.Length);
        builder.Property(m => m.FirstName).HasMaxLength(256);
        builder.Property(m => m.LastName).HasMaxLength(256);
        builder.Property(m => m.Username).HasMaxLength(64);
        builder.Property(m => m.LanguageCode).HasMaxLength(16);
        builder.Property(m => m.PhotoFileId).HasMaxLength(256);
        builder.Property(m => m.PhotoFileUniqueId).HasMaxLength(128);
        builder.Property(m => m.Bio).HasMaxLength(Member.MaxBioLength);
        builder.HasOne(m => m.Referrer).WithMany().HasForeignKey(m => m.ReferrerId).OnDelete(DeleteBehavior.SetNull);
        builder.Ignore(m => m.FullName);
        builder.Ignore(m => m.PublicName);
    }
}
