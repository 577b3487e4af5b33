using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Uplink.Infrastructure.Auth;
using Uplink.Infrastructure.Data;

namespace Uplink.Benchmarks;

[MemoryDiagnoser]
public class JwtBenchmarks
{
    private readonly JsonWebTokenHandler _handler = new();
    private TokenService _tokens = null!;
    private TokenValidationParameters _validation = null!;
    private string _token = null!;

    [GlobalSetup]
    public void Setup()
    {
        var auth = Options.Create(new AuthOptions { SigningKey = "benchmark-signing-key-that-is-32-bytes-or-more" });
        var data = new DataDirectory(Options.Create(new StorageOptions { Directory = Path.GetTempPath() }), new Environment());
        var key = new SigningKey(auth, data);
        _tokens = new TokenService(key, auth);
        _validation = new TokenValidationParameters
        {
            ValidIssuer = "uplink",
            ValidAudience = "uplink",
            IssuerSigningKey = key.Key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        };
        _token = Issue();
    }

    [Benchmark]
    public string Issue()
    {
        var now = DateTimeOffset.UtcNow;
        return _tokens.Issue(42, "0123456789abcdef0123456789abcdef", now, now.AddHours(1)).AccessToken;
    }

    [Benchmark]
    public async Task<bool> Validate() => (await _handler.ValidateTokenAsync(_token, _validation)).IsValid;

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Benchmark";
        public string ApplicationName { get; set; } = "Uplink.Benchmarks";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
