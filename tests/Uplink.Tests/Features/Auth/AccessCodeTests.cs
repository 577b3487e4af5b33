using System.Security.Cryptography;
using System.Text;
using Uplink.Features.Auth;

namespace Uplink.Tests.Features.Auth;

public sealed class AccessCodeTests
{
    [Fact]
    public void New_codes_are_random_uuid_v4()
    {
        var codes = Enumerable.Range(0, 1000).Select(_ => AccessCode.New()).ToList();

        Assert.All(codes, c => Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", c));
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Theory]
    [InlineData("0B5C2E9A-1F3D-4A6B-9C8D-7E6F5A4B3C2D")]
    [InlineData(" 0b5c2e9a-1f3d-4a6b-9c8d-7e6f5a4b3c2d ")]
    public void Codes_are_read_in_any_case(string input)
    {
        Assert.True(AccessCode.TryNormalize(input, out var code));
        Assert.Equal("0b5c2e9a-1f3d-4a6b-9c8d-7e6f5a4b3c2d", code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-code")]
    [InlineData("0b5c2e9a1f3d4a6b9c8d7e6f5a4b3c2d")]
    [InlineData("{0b5c2e9a-1f3d-4a6b-9c8d-7e6f5a4b3c2d}")]
    [InlineData("0b5c2e9a-1f3d-1a6b-9c8d-7e6f5a4b3c2d")]
    [InlineData("UP-ABC123")]
    public void Anything_but_a_uuid_v4_is_refused(string? input)
    {
        Assert.False(AccessCode.TryNormalize(input, out _));
    }

    [Fact]
    public void Only_a_sha256_hash_of_the_code_is_kept()
    {
        var code = AccessCode.New();

        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(code)), AccessCode.Hash(code));
    }
}
