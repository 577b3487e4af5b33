namespace Uplink.Features.Referrals;

/// <summary>When an invitee counts for the member who brought them in.</summary>
internal enum ReferralRule
{
    /// <summary>As soon as they register with the code.</summary>
    Registered,

    /// <summary>Once they have pressed a button, answered an event or logged into the site.</summary>
    Active,
}

/// <summary>The "Referrals" section.</summary>
internal sealed class ReferralOptions
{
    public const string SectionName = "Referrals";

    public ReferralRule CountWhen { get; set; } = ReferralRule.Registered;
}
