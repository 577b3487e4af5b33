namespace Uplink.Infrastructure.Auth;

/// <summary>Authorization policies named by route groups; the default policy is a member's JWT.</summary>
internal static class AuthPolicies
{
    /// <summary>
    /// A trusted service presenting <c>X-Api-Key</c>. Only the key's scheme is consulted, so a
    /// member's token (header or cookie) on the same request neither helps nor hurts.
    /// </summary>
    public const string Service = "service";
}
