using System.Globalization;
using System.Net;
using System.Resources;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Uplink.Bot;
using Uplink.Tests.Features;
using Uplink.Tests.Features.Events;
using Uplink.Tests.Infrastructure;
using static Uplink.Tests.Features.Members.StartCommandTests;

namespace Uplink.Tests.Pages;

/// <summary>The site answers in the browser's language, from the bot's resource files, and in English otherwise.</summary>
[Collection(nameof(SqliteHost))]
public sealed partial class PageLanguageTests(SqliteHost host)
{
    private HttpClient Client(string? acceptLanguage)
    {
        var client = host.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (acceptLanguage is not null)
        {
            client.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);
        }

        return client;
    }

    [Theory]
    [InlineData("ru")]
    [InlineData("ru-RU,ru;q=0.9,en;q=0.8")]
    [InlineData("uk")]
    [InlineData("be-BY, en;q=0.5")]
    public async Task A_profile_page_asked_in_russian_or_a_language_that_reads_it_answers_in_russian(string acceptLanguage)
    {
        var code = CodeIn(await host.Telegram.NewUser("Олег", "ru").SendAsync("/start"));
        using var client = Client(acceptLanguage);

        using var response = await client.GetAsync($"/u/{code}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"ru\">", html);
        Assert.Contains($"<p>Реферальный код: <code>{code}</code></p>", html);
        Assert.Contains("В сообществе Test Community с <time", html);
        Assert.Contains("<meta name=\"description\" content=\"Олег — участник сообщества Test Community.\" />", html);
        Assert.Contains($"<link rel=\"canonical\" href=\"{UplinkApp.PublicUrl}/u/{code}\" />", html);
        Assert.Contains("Accept-Language", response.Headers.Vary);
    }

    [Fact]
    public async Task The_events_page_in_russian_has_its_headings_labels_and_dates_in_russian()
    {
        using var client = Client("ru");
        var id = await client.CreateEventAsync("Поход", TimeSpan.FromDays(40), place: "Воробьёвы горы");

        var list = await client.GetStringAsync("/events");
        var details = await client.GetStringAsync($"/events/{id}");

        Assert.Contains("<html lang=\"ru\">", list);
        Assert.Contains("<h1>События</h1>", list);
        Assert.Contains("Подпишитесь в приложении календаря:", list);
        Assert.Contains("Идут: 0", list);
        Assert.Contains("<html lang=\"ru\">", details);
        Assert.Contains("Добавить в мой календарь (.ics)", details);
        Assert.Contains("Все события", details);
        Assert.DoesNotContain("All events", details);
        Assert.Matches(RussianMonth(), details); // the date is written by the bot's Russian texts
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("de-DE, fr;q=0.8")]
    [InlineData(null)]
    public async Task A_browser_asking_for_a_language_without_texts_gets_english(string? acceptLanguage)
    {
        using var client = Client(acceptLanguage);

        using var response = await client.GetAsync("/events");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("<h1>Events</h1>", html);
        Assert.Contains("Accept-Language", response.Headers.Vary);
    }

    [Theory]
    [InlineData("fr, ru;q=0.8, en;q=0.5", "ru")]
    [InlineData("en;q=0.7, ru", "ru")]
    [InlineData("ru;q=0.5, en", "en")]
    [InlineData("ru;q=0, fr", "en")]
    public async Task The_most_wanted_language_with_texts_wins(string acceptLanguage, string expected)
    {
        using var client = Client(acceptLanguage);

        var html = await client.GetStringAsync("/events");

        Assert.Contains($"<html lang=\"{expected}\">", html);
    }

    [Fact]
    public async Task The_error_page_follows_the_browser_too_and_keeps_its_status()
    {
        using var client = Client("ru");

        using var response = await client.GetAsync("/no-such-page");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("<h1>Страница не найдена</h1>", html);
        Assert.Contains("Accept-Language", response.Headers.Vary);
    }

    [Fact]
    public void Every_text_a_page_names_is_in_every_language()
    {
        var pages = Path.Combine(FeatureDependencyTests.RepositoryRoot(), "src", "Uplink", "Pages");
        var named = Directory.EnumerateFiles(pages, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => PageKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet();
        var resources = new ResourceManager("Uplink.Resources.Texts", typeof(BotLanguages).Assembly);

        Assert.True(named.Count > 100, $"only {named.Count} page texts found");
        Assert.All(["", "ru"], language =>
        {
            var set = resources.GetResourceSet(CultureInfo.GetCultureInfo(language), createIfNotExists: true, tryParents: false)!;
            Assert.All(named, key => Assert.False(string.IsNullOrWhiteSpace(set.GetString(key)), $"{key} is missing in '{language}'"));
        });
    }

    [GeneratedRegex("\"(Page\\.[A-Za-z.]+)\"")]
    private static partial Regex PageKey();

    [GeneratedRegex("(января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|янв|фев|мар|апр|июн|июл|авг|сен|окт|ноя|дек)")]
    private static partial Regex RussianMonth();
}
