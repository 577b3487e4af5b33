using System.Globalization;

namespace Uplink.Infrastructure.Auth;

/// <summary>The "Admin" section: who runs the community from the bot.</summary>
internal sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>Telegram user ids of the admins: <c>Admin:TelegramIds:0=…</c>, or one comma-separated value.</summary>
    public List<long> TelegramIds { get; set; } = [];

    /// <summary>Ids written as one comma-separated value that were not numbers; reported at start.</summary>
    internal List<string> Malformed { get; } = [];

    public bool IsAdmin(long telegramUserId) => TelegramIds.Contains(telegramUserId);

    /// <summary>
    /// The binder ignores a plain value where it expects a list, so <c>Admin__TelegramIds=1,2</c>
    /// would silently make nobody admin; it is read here instead.
    /// </summary>
    internal void ReadCommaSeparated(IConfiguration configuration)
    {
        var raw = configuration[$"{SectionName}:{nameof(TelegramIds)}"];
        foreach (var part in (raw ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                TelegramIds.Add(id);
            }
            else
            {
                Malformed.Add(part);
            }
        }
    }
}
