using Uplink.Features.Members;

namespace Uplink.Features.Auth;

internal sealed record RedeemRequest(string? Code);

internal sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, PrivateProfileDto User);

internal sealed record GenerateCodeRequest(long? UserId);

internal sealed record GeneratedCodeResponse(string Code, string Url, DateTimeOffset ExpiresAt);
