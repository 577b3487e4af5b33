using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Uplink.Features.Members;

namespace Uplink.Features.Auth;

internal enum LoginRequestStatus
{
    Pending,
    Approved,
    Denied,
    Used,
}

/// <summary>
/// A login started on <c>/login</c> and approved in the bot. The public <see cref="Id"/> rides in
/// the <c>t.me</c> link; the secret that completes it stays in the browser's HttpOnly cookie and is
/// stored here only as its SHA-256 hash, so a forwarded or photographed link logs in nobody.
/// </summary>
internal sealed class LoginRequest
{
    public const int IdLength = 22;
    public const int MatchCodeLength = 2;

    public required string Id { get; set; }
    public required byte[] BrowserKeyHash { get; set; }

    /// <summary>The code the page shows; of the three buttons in the bot, only this one approves.</summary>
    public required string MatchCode { get; set; }

    public LoginRequestStatus Status { get; set; }

    /// <summary>The member who opened the link in the bot; set once, by the first.</summary>
    public long? MemberId { get; set; }
    public Member? Member { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>When the page last polled; polling faster than the interval is answered <c>slow_down</c>.</summary>
    public DateTimeOffset? LastPolledAt { get; set; }

    public string? UserAgent { get; set; }
    public string? Address { get; set; }
}

internal sealed class LoginRequestConfiguration : IEntityTypeConfiguration<LoginRequest>
{
    public void Configure(EntityTypeBuilder<LoginRequest> builder)
    {
        builder.ToTable("login_requests");
        builder.Property(r => r.Id).HasMaxLength(LoginRequest.IdLength);
        builder.Property(r => r.BrowserKeyHash).HasMaxLength(32);
        builder.Property(r => r.MatchCode).HasMaxLength(LoginRequest.MatchCodeLength);
        builder.Property(r => r.UserAgent).HasMaxLength(512);
        builder.Property(r => r.Address).HasMaxLength(64);
        builder.HasIndex(r => r.ExpiresAt);
        builder.HasOne(r => r.Member).WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
