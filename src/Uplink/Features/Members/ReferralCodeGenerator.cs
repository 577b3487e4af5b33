namespace Uplink.Features.Members;

/// <summary>Where new members' referral codes come from: a service, so a host can draw them otherwise.</summary>
internal interface IReferralCodeGenerator
{
    string Next();
}

internal sealed class RandomReferralCodes : IReferralCodeGenerator
{
    public string Next() => ReferralCode.New();
}
