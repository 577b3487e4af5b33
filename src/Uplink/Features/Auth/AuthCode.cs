using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Uplink.Features.Members;

namespace Uplink.Features.Auth;

/// <summary>A one-time access code, stored only as its SHA-256 hash.</summary>
internal sealed class AuthCode
{
    public long Id { get; set; }
    public required byte[] CodeHash { get; set; }
    public long MemberId { get; set; }
    public Member? Member { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

internal sealed class AuthCodeConfiguration : IEntityTypeConfiguration<AuthCode>
{
    public void Configure(EntityTypeBuilder<AuthCode> builder)
    {
        builder.ToTable("auth_codes");
        builder.HasIndex(c => c.CodeHash).IsUnique();
        builder.HasIndex(c => new { c.MemberId, c.UsedAt });
        builder.HasIndex(c => c.ExpiresAt);
        builder.Property(c => c.CodeHash).HasMaxLength(32);
        builder.HasOne(c => c.Member).WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>A login on the site: every JWT belongs to one, and ending it ends the token.</summary>
internal sealed class WebSession
{
    public const int IdLength = 32;

    public required string Id { get; set; }
    public long MemberId { get; set; }
    public Member? Member { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? UserAgent { get; set; }
    public string? Address { get; set; }
}

internal sealed class WebSessionConfiguration : IEntityTypeConfiguration<WebSession>
{
    public void Configure(EntityTypeBuilder<WebSession> builder)
    {
        builder.ToTable("web_sessions");
        builder.Property(s => s.Id).HasMaxLength(WebSession.IdLength);
        builder.Property(s => s.UserAgent).HasMaxLength(512);
        builder.Property(s => s.Address).HasMaxLength(64);
        builder.HasIndex(s => s.MemberId);
        builder.HasIndex(s => s.ExpiresAt);
        builder.HasOne(s => s.Member).WithMany().HasForeignKey(s => s.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
