using System.Net;
using Microsoft.EntityFrameworkCore;
using Uplink.Tests.Infrastructure;

namespace Uplink.Tests.Features.Auth;

/// <summary>A member holds at most five live codes on each database; a new one retires the oldest.</summary>
public abstract class LiveCodeBoundTests
{
    protected abstract SqliteHost Host { get; }

    [Fact]
    public async Task The_sixth_and_seventh_codes_retire_the_two_oldest()
    {
        var member = Host.Telegram.NewUser("Bounded");
        await member.SendAsync("/start");
        using var client = Host.App.CreateClient();
        var codes = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            codes.Add(await client.GenerateCodeAsync(member.Id));
        }

        var live = await Host.App.QueryAsync(db => db.AuthCodes.CountAsync(c => c.Member!.TelegramUserId == member.Id && c.UsedAt == null));

        Assert.Equal(5, live);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.RedeemAsync(codes[0])).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.RedeemAsync(codes[1])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.RedeemAsync(codes[2])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.RedeemAsync(codes[6])).StatusCode);
    }
}

[Collection(nameof(SqliteHost))]
public sealed class LiveCodeBoundOnSqliteTests(SqliteHost host) : LiveCodeBoundTests
{
    protected override SqliteHost Host => host;
}

[Collection(nameof(PostgresHost))]
public sealed class LiveCodeBoundOnPostgresTests(PostgresHost host) : LiveCodeBoundTests
{
    protected override SqliteHost Host => host;
}
