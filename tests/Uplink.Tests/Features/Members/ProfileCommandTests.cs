using Microsoft.EntityFrameworkCore;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;
using static Uplink.Tests.Features.Members.StartCommandTests;

namespace Uplink.Tests.Features.Members;

[Collection(nameof(SqliteHost))]
public sealed class ProfileCommandTests(SqliteHost host)
{
    private FakeBotApi Telegram => host.Telegram;

    [Fact]
    public async Task Profile_shows_everything_to_its_owner()
    {
        var bob = Telegram.NewUser("Bob");
        var bobsCode = CodeIn(await bob.SendAsync("/start"));
        var alice = Telegram.NewUser("Alice", "en", "Smith", "alice_s");
        var code = CodeIn(await alice.SendAsync($"/start {bobsCode}"));
        var before = Telegram.Sequence;
        await Telegram.NewUser("Zed").SendAsync($"/start {code}");
        await alice.NextMessageAsync(before); // the "Zed joined" notice

        var profile = await alice.SendAsync("/profile");

        Assert.Contains("Your profile", profile.Plain);
        Assert.Contains("Name: Alice Smith", profile.Plain);
        Assert.Contains("Username: @alice_s", profile.Plain);
        Assert.Contains($"Telegram ID: {alice.Id}", profile.Plain);
        Assert.Contains("Language: en", profile.Plain);
        Assert.Contains($"Referral code: {code}", profile.Plain);
        Assert.Contains($"Invited by: Bob ({bobsCode})", profile.Plain);
        Assert.Contains("Members you invited: 1", profile.Plain);
        Assert.Contains($"Public page: {UplinkApp.PublicUrl}/u/{code}", profile.Plain);
    }

    [Fact]
    public async Task Profile_with_a_code_shows_only_the_public_profile()
    {
        var alice = Telegram.NewUser("Alice", "en", "Smith", "alice_s");
        var code = CodeIn(await alice.SendAsync("/start"));
        var viewer = Telegram.NewUser("Viewer");

        var profile = await viewer.SendAsync($"/profile {code.ToLowerInvariant()}");

        Assert.Contains("Alice Smith", profile.Plain);
        Assert.Contains($"Referral code: {code}", profile.Plain);
        Assert.DoesNotContain(alice.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), profile.Plain);
        Assert.DoesNotContain("alice_s", profile.Plain); // usernames are private unless made public
        Assert.DoesNotContain("Language", profile.Plain);
        Assert.DoesNotContain("Invited by", profile.Plain);
    }

    [Fact]
    public async Task Public_profile_hides_what_the_member_did_not_make_public()
    {
        var alice = Telegram.NewUser("Alice", "en", "Secretname", "alice_s");
        var code = CodeIn(await alice.SendAsync("/start"));
        await host.App.QueryAsync(db => db.Members.Where(m => m.TelegramUserId == alice.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.PublicFields, Uplink.Features.Members.PublicFields.None)));

        var profile = await Telegram.NewUser("Viewer").SendAsync($"/profile {code}");

        Assert.Contains("Alice", profile.Plain);
        Assert.DoesNotContain("Secretname", profile.Plain);
    }

    [Theory]
    [InlineData("UP-00000", "is not a referral code")]
    [InlineData("nonsense here", "is not a referral code")]
    [InlineData("UP-000000", "No member has the code UP-000000.")]
    public async Task Profile_of_a_malformed_or_unknown_code_gets_a_clear_answer(string argument, string answer)
    {
        var reply = await Telegram.NewUser("Viewer").SendAsync($"/profile {argument}");

        Assert.Contains(answer, reply.Plain);
    }

    [Fact]
    public async Task Profile_before_registering_asks_to_start()
    {
        var reply = await Telegram.NewUser("Newbie").SendAsync("/profile");

        Assert.Contains("not registered yet. Send /start", reply.Plain);
    }

    [Fact]
    public async Task Menu_button_runs_its_command_and_answers_the_callback()
    {
        var alice = Telegram.NewUser("Alice");
        var welcome = await alice.SendAsync("/start");

        var profile = await alice.PressAsync("/profile", welcome);
        var events = await alice.PressAsync("/events", welcome);

        Assert.Contains("Your profile", profile.Plain);
        // The list, or "No upcoming events yet" (other tests on this host may have made events).
        Assert.Contains("upcoming events", events.Plain, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("coming soon", events.Plain);
        await Telegram.WaitForCallAsync("answerCallbackQuery", c => c.Parameters.Str("callback_query_id")!.StartsWith($"cq-{alice.Id}-", StringComparison.Ordinal));
    }
}
