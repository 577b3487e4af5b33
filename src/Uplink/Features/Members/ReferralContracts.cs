namespace Uplink.Features.Members;

// Members stores who invited whom (Member.ReferrerId) but does not decide it: the referral rules live
// in Features/Referrals, which implements these. Declared here so that features depend one way
// (Referrals → Members) while registration and profiles still get what they need.

/// <summary>How the referral code in a /start link fared.</summary>
internal enum ReferralOutcome
{
    /// <summary>No code was given.</summary>
    None,
    Recorded,
    UnknownCode,
    MalformedCode,
    OwnCode,

    /// <summary>A code was given by someone who had registered before: referrers count only once.</summary>
    AlreadyRegistered,
}

/// <summary>The referrer a /start payload names, if it counts, and how the code fared.</summary>
internal sealed record Attribution(Member? Referrer, ReferralOutcome Outcome);

/// <summary>Decides who invited a newcomer from the payload of their first /start.</summary>
internal interface IReferralAttribution
{
    Task<Attribution> AttributeAsync(long telegramUserId, string? payload, CancellationToken ct);
}

/// <summary>How many members a member invited, as their private profile shows it.</summary>
internal interface IReferralCounter
{
    Task<int> CountAsync(long memberId, CancellationToken ct);
}

/// <summary>Tells a member that someone joined with their code.</summary>
internal interface IReferralNotifier
{
    Task NotifyAsync(Member referrer, Member newcomer, CancellationToken ct);
}
