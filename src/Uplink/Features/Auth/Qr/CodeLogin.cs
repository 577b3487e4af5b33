using Uplink.Features.Members;
using Uplink.Infrastructure.Auth;

namespace Uplink.Features.Auth;

internal sealed record Login(RedeemOutcome Outcome, IssuedToken? Token = null, PrivateProfileDto? Profile = null, string? SessionId = null);

/// <summary>Spends a one-time access code (the bot's QR) and signs its member in: shared by the API and the site.</summary>
internal sealed class CodeLogin(AccessCodeStore codes, SignIn signIn, MemberActivity activity)
{
    public async Task<Login> LoginAsync(string? code, HttpContext http, SessionDelivery delivery, CancellationToken ct)
    {
        // Spending the code opens the session, in one round trip.
        var session = signIn.NewSession(http);
        var redemption = await codes.RedeemAsync(code, session, ct);
        if (redemption.Outcome != RedeemOutcome.Redeemed)
        {
            return new Login(redemption.Outcome);
        }

        // Logging into the site is activity; the redemption said whether there is anything to record.
        if (redemption.FirstActivity)
        {
            await activity.MarkActiveByIdAsync(redemption.MemberId, ct);
        }

        return await signIn.SignedInAsync(session, SignInMethod.QrCode, http, delivery, ct) is { } signedIn
            ? new Login(RedeemOutcome.Redeemed, signedIn.Token, signedIn.Profile, signedIn.SessionId)
            : new Login(RedeemOutcome.Rejected);
    }
}
