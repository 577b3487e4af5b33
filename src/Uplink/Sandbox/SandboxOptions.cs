using System.ComponentModel.DataAnnotations;

namespace Uplink.Sandbox;

/// <summary>The "Sandbox" section: the bot without Telegram, chatted with at <c>/sandbox</c>.</summary>
internal sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>Unset: on when there is no <c>Telegram:BotToken</c> and the database is the default SQLite file.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Lets clients other than loopback use the sandbox (its page, its API and its Bot API).</summary>
    public bool AllowRemote { get; set; }

    /// <summary>The sandbox's own SQLite file in the storage directory, so its users never mix with real members.</summary>
    [Required]
    [RegularExpression(@"^[^/\\]+$", ErrorMessage = "Sandbox:DatabaseFile must be a file name, without directories.")]
    public string DatabaseFile { get; set; } = "sandbox.db";

    /// <summary>From <c>Telegram:BotToken</c>.</summary>
    internal string? ConfiguredBotToken { get; set; }

    /// <summary>A database was configured (Postgres, or a SQLite connection string): the sandbox would write into it.</summary>
    internal bool ConfiguredDatabase { get; set; }

    /// <summary>Whether the sandbox runs. Never by itself beside a real token or a configured database.</summary>
    public bool On => Enabled ?? (string.IsNullOrWhiteSpace(ConfiguredBotToken) && !ConfiguredDatabase);

    /// <summary>A token the sandbox would replace, as given by @BotFather (its own tokens say SANDBOX).</summary>
    public bool HasRealToken => !string.IsNullOrWhiteSpace(ConfiguredBotToken) && !ConfiguredBotToken.Contains(":SANDBOX", StringComparison.Ordinal);

    internal void ReadOtherSections(IConfiguration configuration)
    {
        ConfiguredBotToken = configuration["Telegram:BotToken"];
        ConfiguredDatabase = !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Database")) ||
            string.Equals(configuration["Database:Provider"], "Postgres", StringComparison.OrdinalIgnoreCase);
    }
}
