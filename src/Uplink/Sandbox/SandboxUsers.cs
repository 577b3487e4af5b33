using System.Text.Json;
using Microsoft.Extensions.Options;
using Uplink.Infrastructure.Auth;
using Uplink.Infrastructure.Data;
using Uplink.Sandbox.BotApi;

namespace Uplink.Sandbox;

/// <summary>A person one plays in the sandbox; an admin is one for the sandbox only.</summary>
internal sealed record SandboxUser(long Id, string Name, string Language, bool Admin)
{
    public BotApiUser AsBotApiUser() => new(Id, Name, LanguageCode: Language);
}

/// <summary>
/// The sandbox's people, kept in a file beside the sandbox database so that after a restart one
/// plays the same members again. Admins join the effective <c>Admin:TelegramIds</c>.
/// </summary>
internal sealed class SandboxUsers
{
    private const long FirstId = 1_000_001;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lock _gate = new();
    private readonly string _file;
    private List<SandboxUser> _users;

    public SandboxUsers(DataDirectory data, IOptions<SandboxOptions> options)
    {
        _file = Path.ChangeExtension(data.PathOf(options.Value.DatabaseFile), ".users.json");
        _users = File.Exists(_file) ? JsonSerializer.Deserialize<List<SandboxUser>>(File.ReadAllText(_file), Json) ?? [] : [];
    }

    public IReadOnlyList<SandboxUser> All
    {
        get { lock (_gate) { return _users; } }
    }

    public SandboxUser? Find(long id) => All.FirstOrDefault(u => u.Id == id);

    public SandboxUser Add(string name, string language, bool admin, AdminOptions admins)
    {
        lock (_gate)
        {
            var user = new SandboxUser(_users.Count == 0 ? FirstId : _users.Max(u => u.Id) + 1, name, language, admin);
            _users = [.. _users, user];
            File.WriteAllText(_file, JsonSerializer.Serialize(_users, Json));
            if (admin)
            {
                // Replaced, not added to: commands read the list while this runs.
                admins.TelegramIds = [.. admins.TelegramIds, user.Id];
            }

            return user;
        }
    }
}
