using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Uplink.Bot;
using Uplink.Features.Admin;
using Uplink.Features.Auth;
using Uplink.Features.Events;
using Uplink.Features.Help;
using Uplink.Features.Members;
using Uplink.Features.Referrals;

namespace Uplink.Tests.Bot;

public sealed partial class BotLanguagesTests
{
    private static readonly HashSet<string> EnglishRussianGerman = new(["en", "ru", "de"], StringComparer.OrdinalIgnoreCase);

    [Theory]
    [InlineData("de", "de")]
    [InlineData("de-AT", "de")]
    [InlineData("ru", "ru")]
    [InlineData("ru-RU", "ru")]
    [InlineData("uk", "ru")]
    [InlineData("be", "ru")]
    [InlineData("UK", "ru")]
    [InlineData("en", "en")]
    [InlineData("fr", "en")]
    [InlineData("", "en")]
    [InlineData(null, "en")]
    public void A_third_language_with_a_file_is_chosen_like_russian_and_the_rest_read_english(string? languageCode, string expected)
    {
        Assert.Equal(expected, BotLanguages.Resolve(languageCode, EnglishRussianGerman, "en"));
    }

    [Fact]
    public void A_language_with_a_file_of_its_own_wins_over_its_fallback()
    {
        Assert.Equal("uk", BotLanguages.Resolve("uk", new HashSet<string>(["en", "ru", "uk"]), "en"));
    }

    [Fact]
    public void A_fallback_without_a_file_leads_to_the_default()
    {
        Assert.Equal("en", BotLanguages.Resolve("be", new HashSet<string>(["en", "de"]), "en"));
    }

    [Fact]
    public void The_languages_are_found_from_the_resource_files_english_first()
    {
        var languages = Languages();

        Assert.Equal(["en", "ru"], languages.All.Select(t => t.Culture.Name));
        Assert.Same(languages.Default, languages.All[0]);
        Assert.Equal("ru", languages.For("be").Culture.Name);
        Assert.Same(languages.Default, languages.For("de"));
        Assert.Equal("Нужно название.", languages.For("uk")["Rule.Title.Required"]);
        Assert.Equal("The title is required.", languages.For("de")["Rule.Title.Required"]);
    }

    [Fact]
    public void Dates_are_written_in_the_regional_culture_the_file_names()
    {
        var languages = Languages();

        Assert.Equal("en-GB", languages.Default.DateCulture.Name);
        Assert.Equal("ru-RU", languages.For("ru").DateCulture.Name);
    }

    [Fact]
    public void Every_text_is_translated_with_the_same_values_to_fill_in()
    {
        var resources = new ResourceManager("Uplink.Resources.Texts", typeof(BotLanguages).Assembly);
        var english = Texts(resources, CultureInfo.InvariantCulture);
        var russian = Texts(resources, CultureInfo.GetCultureInfo("ru"));

        Assert.Equal(english.Keys.Order(), russian.Keys.Order());
        Assert.All(english, pair => Assert.Equal(Placeholders(pair.Value), Placeholders(russian[pair.Key])));
    }

    [Fact]
    public void Every_command_in_the_menu_has_its_description_in_every_language()
    {
        var services = new ServiceCollection().AddMembers().AddReferrals().AddAuthFeature().AddEvents().AddHelp().AddAdmin();
        using var provider = services.BuildServiceProvider();
        var listed = provider.GetServices<BotCommandDescription>().Where(c => c.Listed).ToList();

        Assert.Equal(8, listed.Count); // /top is the community feature's one listed command; /stats and /broadcast are for admins
        Assert.All(Languages().All, texts => Assert.All(listed, command =>
            Assert.NotEqual("Command." + command.Name.TrimStart('/'), command.Describe(texts))));
    }

    private static BotLanguages Languages() =>
        new ServiceCollection().AddLogging().AddBotTexts().BuildServiceProvider().GetRequiredService<BotLanguages>();

    private static Dictionary<string, string> Texts(ResourceManager resources, CultureInfo culture) =>
        resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!.Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Distinct().Order()];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
