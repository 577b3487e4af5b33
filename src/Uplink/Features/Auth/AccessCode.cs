using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Uplink.Features.Auth;

/// <summary>
/// A one-time access code in the seed's UUID v4 shape. Its 122 random bits come from
/// RandomNumberGenerator: Guid.NewGuid makes no cryptographic promise.
/// </summary>
internal static class AccessCode
{
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    /// <summary>Accepts a UUID v4 in its usual 36-character form, any case; returns it in lower case.</summary>
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? code)
    {
        code = null;
        var candidate = input?.Trim();
        if (candidate is not { Length: 36 } || !Guid.TryParseExact(candidate, "D", out var guid) || guid.Version != 4)
        {
            return false;
        }

        code = guid.ToString("D");
        return true;
    }

    /// <summary>What the database keeps: the code itself never leaves the member's hands.</summary>
    public static byte[] Hash(string normalizedCode) => SHA256.HashData(Encoding.ASCII.GetBytes(normalizedCode));
}
