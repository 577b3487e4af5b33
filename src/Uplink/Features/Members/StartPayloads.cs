using Uplink.Bot;

namespace Uplink.Features.Members;

/// <summary>
/// A /start payload that is not a referral code but belongs to another feature (a login started on
/// the site: <c>login_…</c>). Declared here and implemented there, so that features depend one way;
/// /start still registers the sender first, without a referrer.
/// </summary>
internal interface IStartPayloadHandler
{
    bool Claims(string payload);

    Task HandleAsync(BotContext context, Member member, string payload, CancellationToken ct);
}
