using Uplink.Features.Members;
using Uplink.Infrastructure.Auth;

namespace Uplink.Features.Auth;

internal sealed record Login(RedeemOutcome Outcome, IssuedToken? Token = null, PrivateProfileDto? Profile = null, string? SessionId = null);

/// <summary>Spends a one-time access code (the bot's QR) and signs its member in: shared by the API and the site.</summary>
internal sealed class CodeLogin(AccessCodeStore codes, SignIn signIn)
{
    public async Task<Login> LoginAsync(string? code, HttpContext http, SessionDelivery delivery, CancellationToken ct)
    {
        var redemption = await codes.RedeemAsync(code, ct);
        if (redemption.Outcome != RedeemOutcome.Redeemed)
        {
            return new Login(redemption.Outcome);
        }

        return await signIn.SignInAsync(redemption.MemberId, SignInMethod.QrCode, http, delivery, ct) is { } signedIn
            ? new Login(RedeemOutcome.Redeemed, signedIn.Token, signedIn.Profile, signedIn.SessionId)
            : new Login(RedeemOutcome.Rejected);
    }
}
