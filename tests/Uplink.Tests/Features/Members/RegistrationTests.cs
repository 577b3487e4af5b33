using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Uplink.Features.Members;
using Uplink.Tests.Infrastructure;

namespace Uplink.Tests.Features.Members;

[Collection(nameof(SqliteHost))]
public sealed class RegistrationTests(SqliteHost host)
{
    private static long _nextUserId = 900_000_000;

    [Fact]
    public async Task A_code_collision_draws_again()
    {
        var codes = new ScriptedCodes();
        await using var app = new UplinkApp(telegram: null,
            services: s => s.AddSingleton<IReferralCodeGenerator>(codes));
        var taken = await RegisterAsync(app, Profile("First"));
        codes.Enqueue(taken.Member.ReferralCode, taken.Member.ReferralCode, "UP-NEW001");

        var registration = await RegisterAsync(app, Profile("Second"));

        Assert.True(registration.Created);
        Assert.Equal("UP-NEW001", registration.Member.ReferralCode);
        Assert.True(codes.Drained);
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_user_create_one_member()
    {
        var profile = Profile("Twice");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => RegisterAsync(host.App, profile)));

        Assert.Single(results.Select(r => r.Member.ReferralCode).Distinct());
        Assert.Single(results, r => r.Created);
        Assert.Equal(1, await host.App.QueryAsync(db => db.Members.CountAsync(m => m.TelegramUserId == profile.UserId)));
    }

    [Fact]
    public async Task Telegram_changes_to_names_are_kept_in_step_but_the_code_never_changes()
    {
        var profile = Profile("Old");
        var first = await RegisterAsync(host.App, profile);

        var second = await RegisterAsync(host.App, profile with { FirstName = "New", Username = "renamed" });

        Assert.Equal(first.Member.ReferralCode, second.Member.ReferralCode);
        Assert.Equal("New", second.Member.FirstName);
        Assert.Equal("renamed", second.Member.Username);
    }

    private static TelegramProfile Profile(string name) =>
        new(Interlocked.Increment(ref _nextUserId), name, null, null, "en", null);

    private static async Task<Registration> RegisterAsync(UplinkApp app, TelegramProfile profile)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Registrar>().RegisterAsync(profile, null, CancellationToken.None);
    }

    /// <summary>Hands out the codes it was given, in order, then random ones.</summary>
    private sealed class ScriptedCodes : IReferralCodeGenerator
    {
        private readonly ConcurrentQueue<string> _next = new();

        public bool Drained => _next.IsEmpty;

        public void Enqueue(params string[] codes)
        {
            foreach (var code in codes)
            {
                _next.Enqueue(code);
            }
        }

        public string Next() => _next.TryDequeue(out var code) ? code : ReferralCode.New();
    }
}
