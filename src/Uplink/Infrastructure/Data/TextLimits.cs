namespace Uplink.Infrastructure.Data;

internal static class TextLimits
{
    /// <summary>Null for empty text, else at most <paramref name="max"/> characters: what fits the column.</summary>
    public static string? Clip(string? value, int max) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= max ? value : value[..max];
}
