using Uplink.Features.Members;

namespace Uplink.Features.Referrals;

/// <summary>
/// Who invited a newcomer: the member whose code the first /start carries. A code that is malformed,
/// unknown or the newcomer's own records no referrer.
/// </summary>
internal sealed class ReferralAttribution(MemberDirectory members) : IReferralAttribution
{
    public async Task<Attribution> AttributeAsync(long telegramUserId, string? payload, CancellationToken ct)
    {
        if (payload is null)
        {
            return new Attribution(null, ReferralOutcome.None);
        }

        if (!ReferralCode.TryNormalize(payload, out var code))
        {
            return new Attribution(null, ReferralOutcome.MalformedCode);
        }

        var referrer = await members.FindByCodeAsync(code, ct);
        return referrer switch
        {
            null => new Attribution(null, ReferralOutcome.UnknownCode),
            _ when referrer.TelegramUserId == telegramUserId => new Attribution(null, ReferralOutcome.OwnCode),
            _ => new Attribution(referrer, ReferralOutcome.Recorded),
        };
    }
}
