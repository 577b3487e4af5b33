using Uplink.Features.Members;
using Uplink.Infrastructure.Auth;

namespace Uplink.Features.Auth;

internal sealed record Login(RedeemOutcome Outcome, IssuedToken? Token = null, PrivateProfileDto? Profile = null, string? SessionId = null);

/// <summary>Spends an access code and opens a web session for its member: shared by the API and the site.</summary>
internal sealed class LoginService(
    AccessCodeStore codes, WebSessions sessions, ProfileReader profiles, TokenService tokens, LoginNotifier notifier,
    MemberActivity activity)
{
    public async Task<Login> LoginAsync(string? code, HttpContext http, CancellationToken ct)
    {
        var redemption = await codes.RedeemAsync(code, ct);
        if (redemption.Outcome != RedeemOutcome.Redeemed)
        {
            return new Login(redemption.Outcome);
        }

        // Through the profile cache: the answer needs the profile anyway, and so does the login notice.
        var member = await profiles.GetPrivateProfileAsync(redemption.MemberId, ct);
        if (member is null)
        {
            return new Login(RedeemOutcome.Rejected);
        }

        await activity.MarkActiveByIdAsync(member.Id, ct);
        var userAgent = http.Request.Headers.UserAgent.ToString();
        var address = http.Connection.RemoteIpAddress?.ToString();
        var session = await sessions.OpenAsync(member.Id, userAgent, address, ct);
        var token = tokens.Issue(member.Id, session.Id, session.CreatedAt, session.ExpiresAt);
        notifier.Enqueue(new LoginNotice(member.Id, session.Id, userAgent, address));
        return new Login(RedeemOutcome.Redeemed, token, member, session.Id);
    }
}
