using Uplink.Features.Members;

namespace Uplink.Tests.Features.Members;

public sealed class ReferralCodeTests
{
    [Fact]
    public void New_codes_are_UP_and_six_characters_of_A_Z_0_9()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => ReferralCode.New()).ToList();

        Assert.All(codes, c => Assert.Matches("^UP-[A-Z0-9]{6}$", c));
        // 36^6 ≈ 2.2 billion codes: 2,000 draws colliding would mean a broken generator.
        Assert.Equal(codes.Count, codes.Distinct().Count());
        // Every character of the alphabet shows up: the draw is not stuck on part of it.
        Assert.Equal(36, codes.SelectMany(c => c[3..]).Distinct().Count());
    }

    [Theory]
    [InlineData("UP-ABC123", "UP-ABC123")]
    [InlineData("  up-abc123 ", "UP-ABC123")]
    [InlineData("Up-0z9Y8x", "UP-0Z9Y8X")]
    public void Typed_codes_are_trimmed_and_upper_cased(string typed, string expected)
    {
        Assert.True(ReferralCode.TryNormalize(typed, out var code));
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("UP-")]
    [InlineData("UP-ABC12")]
    [InlineData("UP-ABC1234")]
    [InlineData("UPXABC123")]
    [InlineData("XX-ABC123")]
    [InlineData("UP-ABC 12")]
    [InlineData("UP-ÄBC123")]
    [InlineData("UP-ABC12_")]
    [InlineData("UP-ＡBC123")]
    public void Anything_not_of_the_codes_shape_is_refused(string? typed)
    {
        Assert.False(ReferralCode.TryNormalize(typed, out var code));
        Assert.Null(code);
    }
}
