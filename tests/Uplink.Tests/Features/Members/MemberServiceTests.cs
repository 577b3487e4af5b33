using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Uplink.Features.Members;
using Uplink.Tests.Infrastructure;

namespace Uplink.Tests.Features.Members;

[Collection(nameof(SqliteHost))]
public sealed class MemberServiceTests(SqliteHost host)
{
    private static long _nextUserId = 900_000_000;

    [Fact]
    public async Task A_code_collision_draws_again()
    {
        var taken = await RegisterAsync(Profile("First"));
        var draws = new Queue<string>([taken.Member.ReferralCode, taken.Member.ReferralCode, "UP-NEW001"]);

        var registration = await RegisterAsync(Profile("Second"), () => draws.Dequeue());

        Assert.True(registration.Created);
        Assert.Equal("UP-NEW001", registration.Member.ReferralCode);
        Assert.Empty(draws);
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_user_create_one_member()
    {
        var profile = Profile("Twice");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => RegisterAsync(profile)));

        Assert.Single(results.Select(r => r.Member.ReferralCode).Distinct());
        Assert.Single(results, r => r.Created);
        Assert.Equal(1, await host.App.QueryAsync(db => db.Members.CountAsync(m => m.TelegramUserId == profile.UserId)));
    }

    [Fact]
    public async Task Telegram_changes_to_names_are_kept_in_step_but_the_code_never_changes()
    {
        var profile = Profile("Old");
        var first = await RegisterAsync(profile);

        var second = await RegisterAsync(profile with { FirstName = "New", Username = "renamed" });

        Assert.Equal(first.Member.ReferralCode, second.Member.ReferralCode);
        Assert.Equal("New", second.Member.FirstName);
        Assert.Equal("renamed", second.Member.Username);
    }

    private static TelegramProfile Profile(string name) =>
        new(Interlocked.Increment(ref _nextUserId), name, null, null, "en", null);

    private async Task<Registration> RegisterAsync(TelegramProfile profile, Func<string>? draw = null)
    {
        await using var scope = host.App.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<MemberService>();
        service.DrawCode = draw ?? Uplink.Features.Referrals.ReferralCode.New;
        return await service.RegisterAsync(profile, null, CancellationToken.None);
    }
}
