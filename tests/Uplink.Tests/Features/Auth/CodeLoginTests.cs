using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Features.Auth;

/// <summary>
/// Spending a code opens the session and marks the member active in the same round trip, on each
/// database: only the redemption that wins writes anything.
/// </summary>
public abstract class CodeLoginTests
{
    protected abstract SqliteHost Host { get; }

    [Fact]
    public async Task A_code_login_opens_one_session_that_its_token_belongs_to()
    {
        var (member, client, code) = await MemberWithCodeAsync("Sessioned");

        var token = await client.LoginAsync(code);

        var sessions = await SessionsOfAsync(member.Id);
        var session = Assert.Single(sessions);
        Assert.Equal(session.Id, new JsonWebToken(token).GetClaim("sid").Value);
        Assert.True(session.ExpiresAt > session.CreatedAt);
    }

    [Fact]
    public async Task A_refused_code_opens_no_session_and_marks_nobody_active()
    {
        var (member, client, code) = await MemberWithCodeAsync("Refused");
        await client.LoginAsync(code);
        await Host.App.QueryAsync(db => db.Members.Where(m => m.TelegramUserId == member.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.FirstActiveAt, (DateTimeOffset?)null)));

        using var again = await client.RedeemAsync(code);

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Single(await SessionsOfAsync(member.Id));
        Assert.Null(await FirstActiveAtAsync(member.Id));
    }

    [Fact]
    public async Task The_first_code_login_marks_the_member_active_and_later_ones_keep_that_time()
    {
        var (member, client, code) = await MemberWithCodeAsync("Newcomer");
        Assert.Null(await FirstActiveAtAsync(member.Id));

        await client.LoginAsync(code);
        var first = await FirstActiveAtAsync(member.Id);
        await client.LoginAsync(await client.GenerateCodeAsync(member.Id));

        Assert.NotNull(first);
        Assert.Equal(first, await FirstActiveAtAsync(member.Id));
        Assert.Equal(2, (await SessionsOfAsync(member.Id)).Count);
    }

    [Fact]
    public async Task A_code_for_an_unknown_telegram_user_is_refused_and_stores_nothing()
    {
        using var client = Host.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/code/generate")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { user_id = 987_654_321L }),
        };
        request.Headers.Add("X-Api-Key", UplinkApp.ServiceApiKey);
        var before = await Host.App.QueryAsync(db => db.AuthCodes.CountAsync());

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, await Host.App.QueryAsync(db => db.AuthCodes.CountAsync()));
    }

    /// <summary>A member who has pressed /start, a client, and a code for the member.</summary>
    private async Task<(TelegramUser Member, HttpClient Client, string Code)> MemberWithCodeAsync(string name)
    {
        var member = Host.Telegram.NewUser(name);
        await member.SendAsync("/start");
        var client = Host.App.CreateClient();
        return (member, client, await client.GenerateCodeAsync(member.Id));
    }

    private Task<List<Uplink.Features.Auth.WebSession>> SessionsOfAsync(long telegramUserId) =>
        Host.App.QueryAsync(db => db.WebSessions.AsNoTracking().Where(s => s.Member!.TelegramUserId == telegramUserId).ToListAsync());

    private Task<DateTimeOffset?> FirstActiveAtAsync(long telegramUserId) =>
        Host.App.QueryAsync(db => db.Members.Where(m => m.TelegramUserId == telegramUserId).Select(m => m.FirstActiveAt).SingleAsync());
}

[Collection(nameof(SqliteHost))]
public sealed class CodeLoginOnSqliteTests(SqliteHost host) : CodeLoginTests
{
    protected override SqliteHost Host => host;
}

[Collection(nameof(PostgresHost))]
public sealed class CodeLoginOnPostgresTests(PostgresHost host) : CodeLoginTests
{
    protected override SqliteHost Host => host;
}
