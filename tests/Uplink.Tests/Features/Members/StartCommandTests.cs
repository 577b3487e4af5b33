using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Features.Members;

[Collection(nameof(SqliteHost))]
public sealed partial class StartCommandTests(SqliteHost host)
{
    private FakeBotApi Telegram => host.Telegram;

    [Fact]
    public async Task Start_registers_the_sender_and_answers_with_code_deep_link_and_menu()
    {
        var alice = Telegram.NewUser("Alice");

        var reply = await alice.SendAsync("/start");

        var code = CodeIn(reply);
        Assert.Contains("Welcome to Test Community, Alice!", reply.Plain);
        Assert.Contains($"https://t.me/{FakeBotApi.BotUsername}?start={code}", reply.Plain);
        Assert.Equal(["/profile", "/qr", "/events", "/referrals", "/help"], reply.CallbackData);
        Assert.Equal(1, await host.App.QueryAsync(db => db.Members.CountAsync(m => m.TelegramUserId == alice.Id)));
    }

    [Fact]
    public async Task Second_start_neither_creates_a_member_nor_changes_the_code()
    {
        var alice = Telegram.NewUser("Alice");
        var first = CodeIn(await alice.SendAsync("/start"));

        var again = await alice.SendAsync("/start");

        Assert.Equal(first, CodeIn(again));
        Assert.Contains("Welcome back, Alice!", again.Plain);
        Assert.Equal(1, await host.App.QueryAsync(db => db.Members.CountAsync(m => m.TelegramUserId == alice.Id)));
    }

    [Fact]
    public async Task Start_with_a_referral_code_records_the_referrer_and_notifies_them()
    {
        var bob = Telegram.NewUser("Bob");
        var bobsCode = CodeIn(await bob.SendAsync("/start"));
        var carol = Telegram.NewUser("Carol", lastName: "Doe");
        var before = Telegram.Sequence;

        var welcome = await carol.SendAsync($"/start {bobsCode}");

        Assert.Contains("You joined on the invitation of Bob.", welcome.Plain);
        var notice = await bob.NextMessageAsync(before);
        Assert.Contains("Carol Doe joined with your referral code. Members you invited: 1.", notice.Plain);
        var referrerId = await host.App.QueryAsync(db => db.Members
            .Where(m => m.TelegramUserId == carol.Id).Select(m => m.Referrer!.TelegramUserId).SingleAsync());
        Assert.Equal(bob.Id, referrerId);
    }

    [Fact]
    public async Task Referral_codes_are_trimmed_and_matched_case_insensitively()
    {
        var bob = Telegram.NewUser("Bob");
        var bobsCode = CodeIn(await bob.SendAsync("/start"));
        var dave = Telegram.NewUser("Dave");

        var welcome = await dave.SendAsync($"/start   {bobsCode.ToLowerInvariant()}  ");

        Assert.Contains("on the invitation of Bob", welcome.Plain);
    }

    [Fact]
    public async Task Unknown_referral_code_registers_without_a_referrer_and_says_so()
    {
        var erin = Telegram.NewUser("Erin");

        var welcome = await erin.SendAsync("/start UP-000000");

        Assert.Contains("No member has the referral code UP-000000, so you are registered without a referrer.", welcome.Plain);
        Assert.Null(await host.App.QueryAsync(db => db.Members.Where(m => m.TelegramUserId == erin.Id).Select(m => m.ReferrerId).SingleAsync()));
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("UP-12345")]
    [InlineData("UP-ABC12$")]
    [InlineData("<script>alert(1)</script>")]
    public async Task Malformed_referral_payload_registers_without_a_referrer_and_says_so(string payload)
    {
        var frank = Telegram.NewUser("Frank");

        var welcome = await frank.SendAsync($"/start {payload}");

        Assert.Contains($"“{payload}” is not a referral code", welcome.Plain);
        Assert.Contains("registered without a referrer", welcome.Plain);
        Assert.Equal(1, await host.App.QueryAsync(db => db.Members.CountAsync(m => m.TelegramUserId == frank.Id)));
    }

    [Fact]
    public async Task Referral_code_sent_after_registration_is_not_applied()
    {
        var bob = Telegram.NewUser("Bob");
        var bobsCode = CodeIn(await bob.SendAsync("/start"));
        var gina = Telegram.NewUser("Gina");
        var ginasCode = CodeIn(await gina.SendAsync("/start"));

        var later = await gina.SendAsync($"/start {bobsCode}");
        var own = await gina.SendAsync($"/start {ginasCode}");

        Assert.Contains("already registered, so the referral code was not applied", later.Plain);
        Assert.Contains("already registered", own.Plain);
        Assert.Null(await host.App.QueryAsync(db => db.Members.Where(m => m.TelegramUserId == gina.Id).Select(m => m.ReferrerId).SingleAsync()));
    }

    [Theory]
    [InlineData("ru")]
    [InlineData("uk")]
    [InlineData("be")]
    public async Task Russian_ukrainian_and_belarusian_speakers_are_answered_in_russian(string language)
    {
        var ivan = Telegram.NewUser("Иван", language);

        var reply = await ivan.SendAsync("/start");

        Assert.Contains("Добро пожаловать в Test Community, Иван!", reply.Plain);
        Assert.Contains("Профиль", reply.Buttons[0][0]["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Hostile_names_are_escaped_and_never_break_a_message()
    {
        const string name = "<b>_*[Mallory](http://x)~`>#&amp;</i> & co";
        var mallory = Telegram.NewUser(name, lastName: "<script>", username: "mal_lory");

        var welcome = await mallory.SendAsync("/start");
        var profile = await mallory.SendAsync("/profile");

        // The fake Bot API parses HTML as Telegram does: an unescaped name would have been refused.
        Assert.Contains($"Welcome to Test Community, {name}!", welcome.Plain);
        Assert.Contains($"Name: {name} <script>", profile.Plain);
    }

    [Fact]
    public async Task Start_records_the_current_profile_photo()
    {
        var pat = Telegram.NewUser("Pat");
        Telegram.SetProfilePhoto(pat.Id, [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);

        await pat.SendAsync("/start");

        var photo = await host.App.QueryAsync(db => db.Members.Where(m => m.TelegramUserId == pat.Id).Select(m => m.PhotoFileId).SingleAsync());
        Assert.StartsWith("AgACAgIAAxk-photo-", photo);
    }

    internal static string CodeIn(SentMessage message) =>
        Code().Match(message.Plain) is { Success: true } match ? match.Value : throw new Xunit.Sdk.XunitException($"No referral code in: {message.Plain}");

    [GeneratedRegex("UP-[A-Z0-9]{6}")]
    private static partial Regex Code();
}
