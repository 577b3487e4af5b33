using BenchmarkDotNet.Attributes;
using Uplink.Features.Auth;
using Uplink.Features.Members;

namespace Uplink.Benchmarks;

[MemoryDiagnoser]
public class CodeBenchmarks
{
    private const string Link = "https://uplink.example.org/auth/callback?code=0b5c2e9a-1f3d-4a6b-9c8d-7e6f5a4b3c2d";

    [Benchmark]
    public string ReferralCodeNew() => ReferralCode.New();

    [Benchmark]
    public bool ReferralCodeNormalize() => ReferralCode.TryNormalize("  up-abc123 ", out _);

    [Benchmark]
    public string AccessCodeNew() => AccessCode.New();

    [Benchmark]
    public byte[] QrPng() => QrImages.Png(Link);
}
