using System.Globalization;
using System.Reflection;
using System.Resources;
using Microsoft.Extensions.Localization;

namespace Uplink.Bot;

/// <summary>
/// The languages the bot speaks: English (the default resources, <c>Resources/Texts.resx</c>) and
/// one more for each <c>Texts.&lt;language&gt;.resx</c>, found at start from the satellite
/// assemblies the build made of them, so adding a language is adding a file.
/// </summary>
internal sealed class BotLanguages
{
    /// <summary>Where the .resx files are, relative to the project (and so in resource names).</summary>
    public const string ResourcesPath = "Resources";

    private const string BaseName = "Texts";

    /// <summary>People who write in the key usually read the value: used when the key has no file of its own.</summary>
    private static readonly Dictionary<string, string> Fallbacks = new(StringComparer.OrdinalIgnoreCase)
    {
        ["uk"] = "ru",
        ["be"] = "ru",
    };

    private readonly List<BotTexts> _all;
    private readonly Dictionary<string, BotTexts> _texts;
    private readonly HashSet<string> _supported;

    public BotLanguages(IStringLocalizerFactory factory)
    {
        var assembly = typeof(BotLanguages).Assembly;
        var localizer = factory.Create(BaseName, assembly.GetName().Name!);
        var neutral = CultureInfo.GetCultureInfo(assembly.GetCustomAttribute<NeutralResourcesLanguageAttribute>()?.CultureName ?? "en");
        _all = [.. new[] { neutral }.Concat(TranslatedCultures(assembly)).Select(c => new BotTexts(localizer, c))];
        _texts = _all.ToDictionary(t => t.Culture.Name, StringComparer.OrdinalIgnoreCase);
        _supported = new HashSet<string>(_texts.Keys, StringComparer.OrdinalIgnoreCase);
        Default = _texts[neutral.Name];
    }

    /// <summary>The default texts (English): for languages without a file, and for the site and the API.</summary>
    public BotTexts Default { get; }

    /// <summary>Every language there is a file for, the default first.</summary>
    public IReadOnlyList<BotTexts> All => _all;

    /// <summary>The texts for a Telegram <c>language_code</c> (the sender's, or a recipient's as stored with the member).</summary>
    public BotTexts For(string? languageCode) => _texts[Resolve(languageCode, _supported, Default.Culture.Name)];

    /// <summary>
    /// The supported culture for a language tag: the tag itself ("pt-br"), its language ("pt"), the
    /// language's fallback ("uk" → "ru"), else the default.
    /// </summary>
    public static string Resolve(string? languageCode, IReadOnlySet<string> supported, string defaultCulture)
    {
        var tag = languageCode?.Trim() ?? "";
        var language = tag.Split('-', 2)[0];
        foreach (var candidate in new[] { tag, language, Fallbacks.GetValueOrDefault(language) })
        {
            if (!string.IsNullOrEmpty(candidate) && supported.FirstOrDefault(s => s.Equals(candidate, StringComparison.OrdinalIgnoreCase)) is { } name)
            {
                return name;
            }
        }

        return defaultCulture;
    }

    /// <summary>The cultures a satellite assembly beside ours (<c>ru/Uplink.resources.dll</c>) translates the texts into.</summary>
    private static IEnumerable<CultureInfo> TranslatedCultures(Assembly assembly)
    {
        var directory = Path.GetDirectoryName(assembly.Location) is { Length: > 0 } d ? d : AppContext.BaseDirectory;
        var satellite = assembly.GetName().Name + ".resources.dll";
        var resources = new ResourceManager($"{assembly.GetName().Name}.{ResourcesPath}.{BaseName}", assembly);
        foreach (var folder in Directory.EnumerateDirectories(directory).Where(f => File.Exists(Path.Combine(f, satellite))).Order(StringComparer.Ordinal))
        {
            CultureInfo culture;
            try
            {
                culture = CultureInfo.GetCultureInfo(Path.GetFileName(folder));
            }
            catch (CultureNotFoundException)
            {
                continue;
            }

            if (resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false) is not null)
            {
                yield return culture;
            }
        }
    }
}
