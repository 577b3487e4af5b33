using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Uplink.Features.Members;

/// <summary>
/// A member's referral code: <c>UP-</c> and six characters of A-Z0-9, the one format used by the
/// bot, the API and the site. Codes typed by people are trimmed and matched case-insensitively.
/// </summary>
internal static class ReferralCode
{
    public const string Prefix = "UP-";
    public const int RandomLength = 6;
    public const int Length = 9;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string New() => Prefix + RandomNumberGenerator.GetString(Alphabet, RandomLength);

    /// <summary>Normalizes what a person typed; false when it is not a code's shape.</summary>
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? code)
    {
        code = null;
        var candidate = input?.Trim();
        if (candidate is null || candidate.Length != Length ||
            !candidate.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        candidate = candidate.ToUpperInvariant();
        foreach (var c in candidate.AsSpan(Prefix.Length))
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        code = candidate;
        return true;
    }
}
