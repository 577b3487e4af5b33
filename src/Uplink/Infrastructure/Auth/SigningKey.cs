using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Uplink.Infrastructure.Data;

namespace Uplink.Infrastructure.Auth;

/// <summary>
/// The HS256 key: from <c>Auth:SigningKey</c>, or generated once and kept under the data directory
/// so that tokens survive restarts. Several instances must share a configured key.
/// </summary>
internal sealed class SigningKey
{
    public const int MinimumBytes = 32;

    public SigningKey(IOptions<AuthOptions> options, DataDirectory data)
    {
        var configured = options.Value.SigningKey;
        var bytes = string.IsNullOrEmpty(configured) ? LoadOrCreate(data.PathOf("keys", "jwt-signing.key")) : Encoding.UTF8.GetBytes(configured);
        // A configured key is checked at start (AuthExtensions); this guards a kept key file cut short.
        if (bytes.Length < MinimumBytes)
        {
            throw new InvalidOperationException($"The signing key kept in the data directory is shorter than {MinimumBytes} bytes; delete it to generate a new one.");
        }

        Key = new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] };
    }

    public SymmetricSecurityKey Key { get; }

    private static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        var key = RandomNumberGenerator.GetBytes(64);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            // Two instances starting at once on one directory: the first key written wins.
            File.Move(temporary, path, overwrite: false);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
    }
}
